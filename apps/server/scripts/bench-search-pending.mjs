/* global process, performance, console, setTimeout */
// Persist-shaped writes against the search index's pending list: STATEMENTS updates of ROWS long
// pages each (their text grows by a word, as a persist of a page being typed in does; the trigger
// rewrites each page's PageSearch vector), timed one by one, with or without a merger calling
// gin_clean_pending_list every FLUSH_MS beside them (what the worker's SearchIndexFlusher does).
// Without it, the write that finds the list past gin_pending_list_limit merges all of it itself.
//
//   DATABASE_URL=<a database seeded by `npm run bench -- --targets tandem --workloads search`> \
//     node apps/server/scripts/bench-search-pending.mjs <workspaceId> [statements=100] [rows=30] [flushMs=0]
//
// It changes the seeded pages' text (a bench database only).
import { loadavg } from 'node:os';
import pg from 'pg';

const [workspaceId, statements = '100', rows = '30', flushMs = '0'] = process.argv.slice(2);
if (!workspaceId) throw new Error('usage: bench-search-pending.mjs <workspaceId> [statements] [rows] [flushMs]');
const INDEX = `'"PageSearch_workspaceId_vector_idx"'::regclass`;

const writer = new pg.Client({ connectionString: process.env.DATABASE_URL });
const merger = new pg.Client({ connectionString: process.env.DATABASE_URL });
await writer.connect();
await merger.connect();
// Start from an empty list, so runs with and without the merger compare.
await merger.query(`SELECT gin_clean_pending_list(${INDEX})`);

const { rows: pages } = await writer.query(
  `SELECT d."pageId" AS id FROM "Document" d JOIN "Page" p ON p.id = d."pageId" WHERE p."workspaceId" = $1 AND length(d.text) > 500 ORDER BY random() LIMIT $2`,
  [workspaceId, Number(statements) * Number(rows)],
);
if (pages.length < Number(rows)) throw new Error(`workspace ${workspaceId} has ${pages.length} long pages`);

let merging = Number(flushMs) > 0;
const merges = [];
const merged = (async () => {
  while (merging) {
    const t = performance.now();
    const { rows: r } = await merger.query(`SELECT gin_clean_pending_list(${INDEX})::int AS pages`);
    merges.push({ ms: performance.now() - t, pages: r[0].pages });
    await new Promise((resolve) => setTimeout(resolve, Number(flushMs)));
  }
})();

const load = loadavg()[0];
const times = [];
for (let i = 0; i < Number(statements); i++) {
  const ids = pages.slice((i * Number(rows)) % (pages.length - Number(rows) + 1)).slice(0, Number(rows)).map((p) => p.id);
  const t = performance.now();
  await writer.query(`UPDATE "Document" SET text = text || ' persisted' || $2::text, "updatedAt" = now() WHERE "pageId" = ANY($1::uuid[])`, [ids, String(i)]);
  times.push(performance.now() - t);
}
merging = false;
await merged;

const sorted = [...times].sort((a, b) => a - b);
const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(
  `${statements} writes × ${rows} rows, merger every ${flushMs} ms (load ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}): ` +
    `mean ${mean.toFixed(1)} ms, p50 ${at(0.5).toFixed(0)}, p95 ${at(0.95).toFixed(0)}, p99 ${at(0.99).toFixed(0)}, max ${sorted.at(-1).toFixed(0)} ms; ` +
    `writes over 100 ms: ${times.filter((t) => t > 100).length}` +
    (merges.length ? `; ${merges.length} merges, ${merges.reduce((n, m) => n + m.pages, 0)} pages, longest ${Math.max(...merges.map((m) => m.ms)).toFixed(0)} ms` : ''),
);
await writer.end();
await merger.end();
