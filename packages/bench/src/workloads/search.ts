// The `search` workload (issue 15): a workspace of N pages of real text, then queries of mixed
// shapes through the real API (HTTP, permission filtering and all), timed one after another.
// Pages are written straight into Postgres (through the same Document insert trigger that keeps
// the search vector), since creating 100,000 pages through the API would measure the API instead.
import * as Y from 'yjs';
import { closeAll, connectAll, drive, sleep } from '../load.js';
import { LoopLagMeter, type LoopLag } from '../loop-lag.js';
import { summarize, type Summary } from '../stats.js';
import type { TandemTarget } from '../targets/tandem.js';
import { corpusPicker, seedPages } from './seed-pages.js';

export interface SearchParams {
  pages: number;
  queries: number;
  // Pages per root page (two levels: roots and their children).
  fanout: number;
  // How many roots are shared with the guest whose queries are measured separately.
  guestRoots: number;
  lag: LagParams;
}

// Indexing lag under W2's edit load: `pages` × `editors` clients each typing `rate` words a second
// into the page's text (W2's shape and base rate, but into the editor's document, so every persist
// re-indexes), while probes type a unique word and the index is asked for it until it is there.
export interface LagParams {
  pages: number;
  editors: number;
  rate: number;
  seconds: number;
  probesPerSecond: number;
  // A probe not found by then counts as missed.
  timeoutMs: number;
  pollMs: number;
}

export interface LagResult extends Summary {
  // Updates per second the editors actually sent.
  sentPerSecond: number;
  missed: number;
  // The parts of each found probe's lag: typed → acknowledged by the server (client, wire,
  // gateway, stream write), acknowledged → found in the index (persist and its statement); and
  // typed → saved (the page's Document row holds the word), saved → found: the index's own lag.
  toAck: Summary;
  ackToFound: Summary;
  toSaved: Summary;
  savedToFound: Summary;
  // The generator's own event-loop delay while it typed and polled: lag it adds to every figure.
  generator: LoopLag;
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
  editedIndexBytes: number;
  titleIndexBytes: number;
  // The PageSearch table: its own pages, and with its TOAST (the vectors).
  searchTableBytes: number;
  searchTableTotalBytes: number;
  documentTableBytes: number;
  rows: SearchRow[];
  lag: LagResult;
}

export async function runSearch(target: TandemTarget, params: SearchParams): Promise<SearchResult> {
  const { pick, random, words } = corpusPicker(15);
  const db = target.database();
  const reuse = process.env.BENCH_SEARCH_WORKSPACE;
  if (reuse) await target.adoptWorkspace(reuse);
  const workspaceId = target.workspace();

  const t0 = performance.now();
  const { roots, titles } = await seedPages(db, workspaceId, { pages: params.pages, fanout: params.fanout, reuse: Boolean(reuse) }, pick, random);
  await db.query('ANALYZE "Page"; ANALYZE "Document"');
  const seedSeconds = (performance.now() - t0) / 1000;

  const guest = await target.addGuest(roots.slice(0, params.guestRoots));
  // Visibility and statistics as autovacuum would leave them after a bulk load. (The index names
  // before PageSearch, migration 20261129191000, are read too, to measure the earlier schema.)
  const { rows: hasTable } = await db.query<{ present: boolean }>(`SELECT to_regclass('"PageSearch"') IS NOT NULL AS present`);
  if (hasTable[0]!.present) await db.query('VACUUM ANALYZE "PageSearch"');
  const sizes = await db.query<{ vector: string; edited: string; title: string; search: string; searchTotal: string; documents: string }>(
    `SELECT coalesce(pg_relation_size(to_regclass('"PageSearch_workspaceId_vector_idx"')), pg_relation_size(to_regclass('"Document_searchVector_idx"')))::text AS vector,
            coalesce(pg_relation_size(to_regclass('"PageSearch_workspaceId_editedAt_pageId_idx"')), pg_relation_size(to_regclass('"PageSearch_workspaceId_editedAt_idx"')), 0)::text AS edited,
            pg_relation_size('"Page_title_trgm_idx"')::text AS title, coalesce(pg_relation_size(to_regclass('"PageSearch"')), 0)::text AS search,
            coalesce(pg_total_relation_size(to_regclass('"PageSearch"')) - pg_indexes_size(to_regclass('"PageSearch"')), 0)::text AS "searchTotal",
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
  // BENCH_SEARCH_LAG_SECONDS=0 measures the queries alone.
  const lag = params.lag.seconds > 0 ? await measureLag(target, params.lag, words) : { ...summarize([]), sentPerSecond: 0, missed: 0, toAck: summarize([]), ackToFound: summarize([]), toSaved: summarize([]), savedToFound: summarize([]), generator: { p99: Number.NaN, max: Number.NaN } };
  const size = sizes.rows[0]!;
  return {
    pages: params.pages,
    seedSeconds,
    vectorIndexBytes: Number(size.vector),
    editedIndexBytes: Number(size.edited),
    titleIndexBytes: Number(size.title),
    searchTableBytes: Number(size.search),
    searchTableTotalBytes: Number(size.searchTotal),
    documentTableBytes: Number(size.documents),
    rows,
    lag,
  };
}

// The editor's document field (packages/editor DOCUMENT_FIELD): what the worker turns into the
// searchable text.
const DOCUMENT_FIELD = 'default';

// Each client's own paragraph's text, made on its first word.
const ownText = new WeakMap<Y.Doc, Y.XmlText>();

// Appends a word to this client's own paragraph, as typing would.
function typeWord(doc: Y.Doc, word: string): void {
  let own = ownText.get(doc);
  if (!own) {
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    doc.getXmlFragment(DOCUMENT_FIELD).push([paragraph]);
    ownText.set(doc, (own = text));
  }
  own.insert(own.length, `${word} `);
}

async function measureLag(target: TandemTarget, o: LagParams, words: readonly string[]): Promise<LagResult> {
  const db = target.database();
  const pages: string[] = [];
  for (let i = 0; i < o.pages; i++) pages.push(await target.newPage());
  const clients = await connectAll(target, pages.flatMap((p) => Array<string>(o.editors).fill(p)));
  const lags: number[] = [];
  const toAck: number[] = [];
  const ackToFound: number[] = [];
  const toSaved: number[] = [];
  const savedToFound: number[] = [];
  const loop = new LoopLagMeter();
  let missed = 0;
  try {
    let w = 0;
    const senders = clients.map((c) => () => typeWord(c.doc, words[w++ % words.length]!));
    // Warm-up: every client's paragraph exists and the worker is persisting these pages.
    await drive(senders, o.rate, 2);
    // Probes waiting to be found: word → when it was typed, and when the server acknowledged it
    // (an upper bound: once its client has nothing unacknowledged).
    const pending = new Map<string, { typed: number; acked: number | null; page: string; saved: number | null }>();
    let n = 0;
    const probe = () => {
      // A word no page holds: fixed length, so no probe's word is a prefix of another's.
      const word = `lagprobe${String(n++).padStart(5, '0')}${Math.random().toString(36).slice(2, 8).padEnd(6, 'x')}`;
      const at = Math.floor(Math.random() * clients.length);
      const client = clients[at]!;
      typeWord(client.doc, word);
      const sent = { typed: performance.now(), acked: null as number | null, page: pages[Math.floor(at / o.editors)]!, saved: null as number | null };
      pending.set(word, sent);
      void client.acked?.().then(() => (sent.acked = performance.now()));
    };
    // One statement asks the index for every waiting word (searching each through the API as often
    // would itself be a search load that grows with the lag); the API's own latency is the table above.
    let polling = true;
    const poll = (async () => {
      while (polling || pending.size) {
        const words = [...pending.keys()];
        if (words.length) {
          // Saved (the page's persisted text holds the word), then found in the index. Two
          // statements: as one, the index test became a per-word subplan that the planner ran as a
          // scan of every vector (it prices a run-time tsquery at 0.5 % of rows), 5 s a poll.
          const unsaved = words.filter((w) => pending.get(w)!.saved === null);
          const { rows: saved } = await db.query<{ word: string }>(
            `SELECT w.word FROM unnest($1::text[], $2::uuid[]) AS w(word, page)
             WHERE EXISTS (SELECT 1 FROM "Document" d WHERE d."pageId" = w.page AND strpos(d.text, w.word) > 0)`,
            [unsaved, unsaved.map((w) => pending.get(w)!.page)],
          );
          const savedAt = performance.now();
          for (const { word } of saved) pending.get(word)!.saved = savedAt;
          const { rows } = await db.query<{ word: string }>(
            `SELECT w AS word FROM unnest($2::text[]) AS w
             WHERE EXISTS (SELECT 1 FROM "PageSearch" WHERE "workspaceId" = $1::uuid AND "vector" @@ to_tsquery('simple', w))`,
            [target.workspace(), words],
          );
          const now = performance.now();
          for (const { word } of rows) {
            const sent = pending.get(word)!;
            // Counted when the answer arrives: an upper bound, by a poll interval and a query.
            lags.push(now - sent.typed);
            if (sent.saved !== null) {
              toSaved.push(sent.saved - sent.typed);
              savedToFound.push(now - sent.saved);
            }
            if (sent.acked !== null) {
              toAck.push(sent.acked - sent.typed);
              ackToFound.push(now - sent.acked);
            }
            pending.delete(word);
          }
          for (const [word, sent] of pending) {
            if (now - sent.typed <= o.timeoutMs) continue;
            missed++;
            pending.delete(word);
          }
        }
        await sleep(o.pollMs);
      }
    })();
    loop.start();
    const timer = setInterval(probe, 1000 / o.probesPerSecond);
    const sentPerSecond = await drive(senders, o.rate, o.seconds).finally(() => clearInterval(timer));
    polling = false;
    await poll;
    const generator = loop.stop();
    return { ...summarize(lags), sentPerSecond, missed, toAck: summarize(toAck), ackToFound: summarize(ackToFound), toSaved: summarize(toSaved), savedToFound: summarize(savedToFound), generator };
  } finally {
    await closeAll(clients);
  }
}

export function renderSearch(r: SearchResult): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  const ms = (x: Summary) => `${x.p50.toFixed(0)} / ${x.p95.toFixed(0)} / ${x.p99.toFixed(0)} ms`;
  const lines = [
    `search: ${r.pages.toLocaleString('en')} pages seeded in ${r.seedSeconds.toFixed(1)} s; text index ${mb(r.vectorIndexBytes)}, last-edited index ${mb(r.editedIndexBytes)}, title trigram index ${mb(r.titleIndexBytes)}, PageSearch table ${mb(r.searchTableBytes)} (${mb(r.searchTableTotalBytes)} with its TOAST), Document table ${mb(r.documentTableBytes)}`,
    '| who | shape | queries | p50 ms | p95 ms | p99 ms | max ms | mean total |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map((x) => `| ${x.who} | ${x.shape} | ${x.count} | ${x.p50.toFixed(1)} | ${x.p95.toFixed(1)} | ${x.p99.toFixed(1)} | ${x.max.toFixed(1)} | ${x.meanResults.toFixed(0)} |`),
    `indexing lag (typed word → found by search) under ${r.lag.sentPerSecond.toFixed(0)} updates/s: ${r.lag.count} probes, p50 ${r.lag.p50.toFixed(0)} ms, p95 ${r.lag.p95.toFixed(0)} ms, p99 ${r.lag.p99.toFixed(0)} ms, max ${r.lag.max.toFixed(0)} ms, missed ${r.lag.missed}`,
    `  of which typed → acked p50 / p95 / p99 ${ms(r.lag.toAck)}, acked → found ${ms(r.lag.ackToFound)}; typed → saved ${ms(r.lag.toSaved)}, saved → found (the index's own lag) ${ms(r.lag.savedToFound)}; generator event-loop delay p99 ${r.lag.generator.p99.toFixed(0)} ms, max ${r.lag.generator.max.toFixed(0)} ms`,
  ];
  return lines.join('\n');
}
