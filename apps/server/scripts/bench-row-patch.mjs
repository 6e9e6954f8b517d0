/* global process, fetch, Buffer, performance, console */
// REST row PATCH latency on a big database, through the API as production builds it (dist), in
// this process: the first PATCH after start (nothing loaded yet), then the following ones. Seeds a
// database of ROWS rows × 12 properties as the bench's `databases` workload does (persisted state,
// nothing after it in the stream), signs up one owner, then times PATCH /databases/:id/rows/:rowId.
//
//   cd apps/server && npx --no-install tsc -p tsconfig.build.json
//   DATABASE_URL=... REDIS_URL=... REDIS_PREFIX=... node scripts/bench-row-patch.mjs [rows=10000] [patches=10]
//
// No worker runs: each PATCH leaves one more entry in the stream, as between two persists.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { addProperty, addRows, initDatabase } from '@tandem/database/ydoc';
import * as Y from 'yjs';

process.env.NODE_ENV ??= 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.AUTH_PASSWORD_COST ??= '14';

const ROWS = Number(process.argv[2] ?? 10_000);
const PATCHES = Number(process.argv[3] ?? 10);

const { createApp } = await import('../dist/app.factory.js');
const { PrismaService } = await import('../dist/infra/prisma.service.js');

// The bench's tracker shape (packages/bench workloads/databases.ts): title + 11 typed properties.
function buildDatabase(dbId, rows, userId, base) {
  const doc = new Y.Doc();
  initDatabase(doc, { titleId: 'name', viewId: 'table' });
  const options = (names) => names.map((name, i) => ({ id: `o${i}`, name, color: 'blue' }));
  addProperty(doc, dbId, { id: 'status', name: 'Status', type: 'status', options: [
    { id: 'todo', name: 'Not started', color: 'gray', group: 'todo' },
    { id: 'doing', name: 'In progress', color: 'blue', group: 'in_progress' },
    { id: 'done', name: 'Done', color: 'green', group: 'done' },
  ] });
  addProperty(doc, dbId, { id: 'prio', name: 'Priority', type: 'select', options: options(['Low', 'Medium', 'High']) });
  addProperty(doc, dbId, { id: 'tags', name: 'Tags', type: 'multi_select', options: options(['api', 'web', 'docs', 'ops', 'design']) });
  addProperty(doc, dbId, { id: 'pts', name: 'Points', type: 'number', format: 'plain' });
  addProperty(doc, dbId, { id: 'due', name: 'Due', type: 'date', includeTime: false, includeEnd: false });
  addProperty(doc, dbId, { id: 'done', name: 'Reviewed', type: 'checkbox' });
  addProperty(doc, dbId, { id: 'notes', name: 'Notes', type: 'text' });
  addProperty(doc, dbId, { id: 'link', name: 'Link', type: 'url' });
  addProperty(doc, dbId, { id: 'owner', name: 'Owner', type: 'person' });
  addProperty(doc, dbId, { id: 'cost', name: 'Cost', type: 'number', format: 'currency', currency: 'EUR' });
  addProperty(doc, dbId, { id: 'total', name: 'Weighted', type: 'formula', expression: 'if(prop("Reviewed"), prop("Points") * 2, prop("Points"))' });
  const status = ['todo', 'doing', 'done'];
  const list = Array.from({ length: rows }, (_, i) => ({
    id: `${base}${String(i).padStart(12, '0')}`,
    values: {
      name: `Task ${i}: ${['fix', 'write', 'review', 'ship'][i % 4]} the ${['parser', 'editor', 'sidebar', 'worker', 'export'][i % 5]}`,
      status: status[i % 3],
      prio: `o${i % 3}`,
      tags: [`o${i % 5}`, `o${(i + 2) % 5}`],
      pts: i % 13,
      due: { start: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, end: null },
      done: i % 2 === 0,
      notes: `Notes for task ${i}`,
      link: `https://example.com/tasks/${i}`,
      owner: [userId],
      cost: (i % 97) * 12.5,
    },
  }));
  const by = { userId, now: new Date().toISOString() };
  for (let i = 0; i < list.length; i += 5_000) addRows(doc, dbId, list.slice(i, i + 5_000), by);
  return doc;
}

const app = await createApp();
await app.init();
// Seeding takes seconds between two requests: keep the idle connection fetch reuses open.
app.getHttpServer().keepAliveTimeout = 120_000;
await app.listen(0, '127.0.0.1');
const url = await app.getUrl();
const prisma = app.get(PrismaService);
const call = async (method, path, body, bearer) => {
  const res = await fetch(url.replace('[::1]', '127.0.0.1') + path, {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, ...(bearer ? { authorization: bearer } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

try {
  const signup = await call('POST', '/auth/signup', { email: `bench-${randomUUID()}@example.test`, name: 'Bench', password: 'correct horse battery' });
  const bearer = `Bearer ${signup.token}`;
  const workspace = await call('POST', '/workspaces', { name: 'Bench' }, bearer);
  const page = await call('POST', `/workspaces/${workspace.id}/pages`, { kind: 'database', title: 'Tasks' }, bearer);
  const base = randomUUID().slice(0, 24);
  const built = buildDatabase(page.id, ROWS, signup.user.id, base);
  const state = Y.encodeStateAsUpdate(built);
  const stateVector = Y.encodeStateVector(built);
  built.destroy();
  // As if the worker had persisted it (the bench's seed).
  await prisma.document.update({ where: { pageId: page.id }, data: { state: Buffer.from(state), stateVector: Buffer.from(stateVector), size: state.byteLength } });

  const times = [];
  for (let i = 0; i < PATCHES + 1; i++) {
    const rowId = `${base}${String((i * 997) % ROWS).padStart(12, '0')}`;
    const t = performance.now();
    await call('PATCH', `/databases/${page.id}/rows/${rowId}`, { values: { notes: `patched ${i}` } }, bearer);
    times.push(performance.now() - t);
  }
  const [first, ...rest] = times;
  const sorted = [...rest].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  console.log(JSON.stringify({
    rows: ROWS,
    stateKiB: Math.round(state.byteLength / 1024),
    firstMs: Math.round(first),
    subsequent: { n: rest.length, p50Ms: Math.round(pct(50)), maxMs: Math.round(sorted.at(-1)), meanMs: Math.round(rest.reduce((a, b) => a + b, 0) / rest.length) },
    all: times.map((t) => Math.round(t)),
    loadavg: loadavg().map((l) => l.toFixed(2)),
  }));
} finally {
  await app.close();
}
