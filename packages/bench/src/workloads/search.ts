// The `search` workload (issue 15): a workspace of N pages of real text, then queries of mixed
// shapes through the real API (HTTP, permission filtering and all), timed one after another.
// Pages are written straight into Postgres (through the same Document insert trigger that keeps
// the search vector), since creating 100,000 pages through the API would measure the API instead.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { summarize, type Summary } from '../stats.js';
import type { TandemTarget } from '../targets/tandem.js';
import { TRACE_PATH } from './trace.js';

export interface SearchParams {
  pages: number;
  queries: number;
  // Pages per root page (two levels: roots and their children).
  fanout: number;
  // How many roots are shared with the guest whose queries are measured separately.
  guestRoots: number;
}

export const SEARCH_SHAPES = ['prefix', 'words', 'phrase', 'exclude', 'typo', 'recent'] as const;
export type SearchShape = (typeof SEARCH_SHAPES)[number];

export interface SearchRow extends Summary {
  who: 'member' | 'guest';
  shape: SearchShape;
  meanResults: number;
}

export interface SearchResult {
  pages: number;
  seedSeconds: number;
  vectorIndexBytes: number;
  titleIndexBytes: number;
  documentTableBytes: number;
  rows: SearchRow[];
}

// Words of the paper's final text, LaTeX commands and punctuation stripped.
function corpusWords(): string[] {
  const file = JSON.parse(gunzipSync(readFileSync(TRACE_PATH)).toString('utf8')) as { endContent: string };
  return file.endContent
    .replace(/\\[a-zA-Z]+/g, ' ')
    .replace(/[^A-Za-z0-9' -]+/g, ' ')
    .split(/\s+/)
    .filter((w) => /^[A-Za-z][A-Za-z'-]*$/.test(w) && w.length > 1);
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runSearch(target: TandemTarget, params: SearchParams): Promise<SearchResult> {
  const words = corpusWords();
  const random = rng(15);
  const pick = (n: number) => {
    const at = Math.floor(random() * (words.length - n));
    return words.slice(at, at + n);
  };
  const empty = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc()));
  const emptyVector = Buffer.from(Y.encodeStateVector(new Y.Doc()));
  const db = target.database();
  const workspaceId = target.workspace();

  // Seed: roots first, then their children, in batches (one statement each for pages and documents).
  const t0 = performance.now();
  const roots: string[] = [];
  const titles: string[] = [];
  const batch = 1000;
  for (let made = 0; made < params.pages; made += batch) {
    const n = Math.min(batch, params.pages - made);
    const rows = Array.from({ length: n }, (_, i) => {
      const index = made + i;
      const isRoot = index % params.fanout === 0 || roots.length === 0;
      const title = pick(2 + Math.floor(random() * 4)).join(' ');
      titles.push(title);
      const paragraphs = Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(20 + Math.floor(random() * 60)).join(' ') + '.');
      return { isRoot, title, text: paragraphs.join('\n'), parent: isRoot ? null : roots[Math.floor(random() * roots.length)]! };
    });
    const { rows: inserted } = await db.query<{ id: string; ord: number }>(
      `INSERT INTO "Page" (id, "workspaceId", "parentId", title, position, "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, v.parent, v.title, 'a' || lpad(v.ord::text, 6, '0'), now() - (v.ord % 1000) * interval '1 hour'
       FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS v(parent, title, ord)
       RETURNING id::text, (substring(position from 2))::int AS ord`,
      [workspaceId, rows.map((r) => r.parent), rows.map((r) => r.title)],
    );
    const ids = new Array<string>(n);
    for (const r of inserted) ids[r.ord - 1] = r.id;
    rows.forEach((r, i) => r.isRoot && roots.push(ids[i]!));
    await db.query(
      `INSERT INTO "Document" ("pageId", state, "stateVector", size, text, "updatedAt")
       SELECT v.id, $2, $3, $4, v.text, now() FROM unnest($1::uuid[], $5::text[]) AS v(id, text)`,
      [ids, empty, emptyVector, empty.length, rows.map((r) => r.text)],
    );
  }
  await db.query('ANALYZE "Page"; ANALYZE "Document"');
  const seedSeconds = (performance.now() - t0) / 1000;

  const guest = await target.addGuest(roots.slice(0, params.guestRoots));
  const sizes = await db.query<{ vector: string; title: string; documents: string }>(
    `SELECT pg_relation_size('"Document_searchVector_idx"')::text AS vector, pg_relation_size('"Page_title_trgm_idx"')::text AS title,
            pg_total_relation_size('"Document"')::text AS documents`,
  );

  const longWord = () => {
    for (;;) {
      const w = pick(1)[0]!;
      if (w.length >= 6) return w.toLowerCase();
    }
  };
  const query = (shape: SearchShape): Record<string, string> => {
    switch (shape) {
      case 'prefix':
        return { q: longWord().slice(0, 3 + Math.floor(random() * 3)), limit: '10' };
      case 'words': {
        const [a, b] = pick(2);
        return { q: `${a} ${b!.slice(0, Math.max(2, b!.length - 2))}`, limit: '10' };
      }
      case 'phrase':
        return { q: `"${pick(2).join(' ')}"`, limit: '20' };
      case 'exclude':
        return { q: `${longWord()} -${longWord()}`, limit: '20' };
      case 'typo': {
        const w = titles[Math.floor(random() * titles.length)]!.split(' ').find((x) => x.length >= 6) ?? longWord();
        const i = 1 + Math.floor(random() * (w.length - 2));
        return { q: w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), limit: '10' };
      }
      case 'recent':
        return { sort: 'edited', limit: '20' };
    }
  };

  const rows: SearchRow[] = [];
  for (const who of ['member', 'guest'] as const) {
    const session = who === 'member' ? null : guest;
    const perShape = Math.ceil(params.queries / SEARCH_SHAPES.length / (who === 'guest' ? 4 : 1));
    for (const shape of SEARCH_SHAPES) {
      const times: number[] = [];
      let results = 0;
      // A few warm-up queries per shape, not counted.
      for (let i = -3; i < perShape; i++) {
        const started = performance.now();
        const body = await target.search(query(shape), session);
        if (i >= 0) {
          times.push(performance.now() - started);
          results += body.total;
        }
      }
      rows.push({ who, shape, meanResults: results / perShape, ...summarize(times) });
    }
  }
  return {
    pages: params.pages,
    seedSeconds,
    vectorIndexBytes: Number(sizes.rows[0]!.vector),
    titleIndexBytes: Number(sizes.rows[0]!.title),
    documentTableBytes: Number(sizes.rows[0]!.documents),
    rows,
  };
}

export function renderSearch(r: SearchResult): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const lines = [
    `search: ${r.pages.toLocaleString('en')} pages seeded in ${r.seedSeconds.toFixed(1)} s; text index ${mb(r.vectorIndexBytes)}, title trigram index ${mb(r.titleIndexBytes)}, Document table ${mb(r.documentTableBytes)}`,
    '| who | shape | queries | p50 ms | p95 ms | p99 ms | max ms | mean total |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map((x) => `| ${x.who} | ${x.shape} | ${x.count} | ${x.p50.toFixed(1)} | ${x.p95.toFixed(1)} | ${x.p99.toFixed(1)} | ${x.max.toFixed(1)} | ${x.meanResults.toFixed(0)} |`),
  ];
  return lines.join('\n');
}
