import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { seededRandom } from '@tandem/testkit';
import * as Y from 'yjs';
import type { BenchDatabase } from '../db.js';
import { TRACE_PATH } from './trace.js';

// A big workspace written straight into Postgres, for the workloads that read one (search, reads):
// pages with titles and text made of the paper's words, a root every `fanout` pages and the
// others under a random root.

// Words of the paper's final text, LaTeX commands and punctuation stripped.
export function corpusWords(): string[] {
  const file = JSON.parse(gunzipSync(readFileSync(TRACE_PATH)).toString('utf8')) as { endContent: string };
  return file.endContent
    .replace(/\\[a-zA-Z]+/g, ' ')
    .replace(/[^A-Za-z0-9' -]+/g, ' ')
    .split(/\s+/)
    .filter((w) => /^[A-Za-z][A-Za-z'-]*$/.test(w) && w.length > 1);
}

// The paper's words drawn at random (seeded): `pick(n)` is a run of n words from a random place.
export function corpusPicker(seed: number): { pick: (n: number) => string[]; random: () => number; words: string[] } {
  const words = corpusWords();
  const random = seededRandom(seed);
  const pick = (n: number) => {
    const at = Math.floor(random() * (words.length - n));
    return words.slice(at, at + n);
  };
  return { pick, random, words };
}

// Seeds `pages` pages (roots first, then their children, in batches: one statement each for pages
// and documents), or with `reuse` reads back a workspace an earlier run seeded. Answers every
// page's id and title, and the roots.
export async function seedPages(
  db: BenchDatabase,
  workspaceId: string,
  o: { pages: number; fanout: number; reuse: boolean },
  pick: (n: number) => string[],
  random: () => number,
): Promise<{ roots: string[]; titles: string[]; ids: string[] }> {
  const empty = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc()));
  const emptyVector = Buffer.from(Y.encodeStateVector(new Y.Doc()));
  const roots: string[] = [];
  const titles: string[] = [];
  const all: string[] = [];
  const batch = 1000;
  if (o.reuse) {
    const { rows } = await db.query<{ id: string; title: string; root: boolean }>(
      `SELECT id::text, title, "parentId" IS NULL AS root FROM "Page" WHERE "workspaceId" = $1 ORDER BY position COLLATE "C", id`,
      [workspaceId],
    );
    for (const r of rows) {
      all.push(r.id);
      titles.push(r.title);
      if (r.root) roots.push(r.id);
    }
  }
  for (let made = o.reuse ? o.pages : 0; made < o.pages; made += batch) {
    const n = Math.min(batch, o.pages - made);
    const rows = Array.from({ length: n }, (_, i) => {
      const index = made + i;
      const isRoot = index % o.fanout === 0 || roots.length === 0;
      const title = pick(2 + Math.floor(random() * 4)).join(' ');
      titles.push(title);
      const paragraphs = Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(20 + Math.floor(random() * 60)).join(' ') + '.');
      return { isRoot, title, text: paragraphs.join('\n'), parent: isRoot ? null : roots[Math.floor(random() * roots.length)]! };
    });
    const { rows: inserted } = await db.query<{ id: string; ord: number }>(
      `INSERT INTO "Page" (id, "workspaceId", "parentId", title, position, "updatedAt")
       SELECT gen_random_uuid(), $1::uuid, v.parent, v.title, 'a0' || lpad(v.ord::text, 6, '0') || 'V', now() - (v.ord % 1000) * interval '1 hour'
       FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS v(parent, title, ord)
       RETURNING id::text, (substring(position from 3 for 6))::int AS ord`,
      [workspaceId, rows.map((r) => r.parent), rows.map((r) => r.title)],
    );
    const ids = new Array<string>(n);
    for (const r of inserted) ids[r.ord - 1] = r.id;
    rows.forEach((r, i) => r.isRoot && roots.push(ids[i]!));
    all.push(...ids);
    await db.query(
      `INSERT INTO "Document" ("pageId", state, "stateVector", size, text, "updatedAt")
       SELECT v.id, $2, $3, $4, v.text, now() FROM unnest($1::uuid[], $5::text[]) AS v(id, text)`,
      [ids, empty, emptyVector, empty.length, rows.map((r) => r.text)],
    );
  }
  return { roots, titles, ids: all };
}
