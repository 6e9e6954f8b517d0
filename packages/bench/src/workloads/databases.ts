// The `databases` workload (issue 17): a database of `rows` rows × 12 properties in one page
// document, through the real server and worker. Times what a person opening and working in a big
// table waits for, below the browser's paint: joining the page until the whole document is in
// (network + Yjs apply), reading it into rows and running the view; each filter and sort on those
// rows; and how long a cell edit by one of `clients` people takes to reach the others.
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { DatabaseLimits, type Filter, queryView, RowResolver, type Row, type Sort, type View } from '@tandem/database';
import { addProperty, addRows, initDatabase, readRows, readSchema, readViews, setCells } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import type { DatabaseClientData, DatabaseClientMessage } from './database-client.js';
import type { LoopLag } from '../loop-lag.js';
import { CpuMeter } from '../proc.js';
import { summarize, type Summary } from '../stats.js';
import type { TandemTarget } from '../targets/tandem.js';

export interface DatabasesParams {
  // Database sizes to measure; cell edits run on the first only.
  rows: number[];
  samples: number;
  clients: number;
  editSeconds: number;
  // Edits made first and not measured, as W1 and W2 warm up: the 20 joins of the whole document just
  // before leave the gateway a collection of their garbage (0.3–0.4 s in a profile) that lands on
  // the first edits.
  warmupSeconds: number;
  // Cell edits per second per client.
  rate: number;
  // Runs of each filter/sort.
  queryRuns: number;
  // Single cell edits timed until re-projected, one after the other (0: none).
  reprojectEdits: number;
}

export interface DatabaseSizeResult {
  rows: number;
  stateKiB: number;
  // Connect until the provider reports the whole document synced (server read + send + client apply).
  join: Summary;
  // From the synced document to the default view's rows (schema, rows, filter/sort none).
  read: Summary;
  // join + read: the data is ready to paint.
  open: Summary;
  // The worker's projection of the whole database after one edit (rows and row pages), seconds.
  projectSeconds: number;
  // Then, one cell edit at a time (the database projected already): from the edit to its row in
  // the projection, and from the persist's commit (Document.updatedAt) to it; the worker's CPU
  // seconds per edit (persist + projection).
  reproject: { edits: number; editToProjected: Summary; commitToProjected: Summary; workerCpuSeconds: number } | null;
  // What the web paints first while the document syncs: GET /databases/:id + the first view's
  // first 50 rows from POST /databases/:id/query (the projection), through the API.
  firstRows: Summary;
  // Each filter and sort through POST /databases/:id/query (first 50 rows), through the API.
  // Rows each answered (at most the first paint's): the smoke run checks them against `queries`.
  restQueries: { name: string; matched: number; time: Summary }[];
  queries: { name: string; matched: number; time: Summary }[];
}

export interface DatabasesResult {
  sizes: DatabaseSizeResult[];
  // Cell edit by one client until each other client has it, every pair (first size).
  propagation: Summary | null;
  // CPU of the worker and of the server (API + gateway) during the cell edits, % of one core.
  propagationCpu: { worker: number; server: number } | null;
  // The editing clients' worst event-loop delay meanwhile (p99 and max over the clients).
  clientLag: LoopLag | null;
  editsSent: number;
  editsLost: number;
  params: DatabasesParams;
}

export const DB = 'bench';
// Row ids are page ids (each row is also a page): UUIDs, numbered under a prefix of each database's own.
export const rowId = (base: string, i: number) => `${base}${String(i).padStart(12, '0')}`;
// Rows a first paint shows (the web's PREVIEW_ROWS).
export const FIRST_ROWS = 50;
const STATUS = ['todo', 'doing', 'done'];

// The tracker every issue-17 figure is about: title + 11 typed properties, one of them a formula.
export function buildDatabase(rows: number, userId: string, base: string): Y.Doc {
  const doc = new Y.Doc();
  initDatabase(doc, { titleId: 'name', viewId: 'table' });
  const options = (names: string[]) => names.map((name, i) => ({ id: `o${i}`, name, color: 'blue' as const }));
  addProperty(doc, DB, {
    id: 'status',
    name: 'Status',
    type: 'status',
    options: [
      { id: 'todo', name: 'Not started', color: 'gray', group: 'todo' },
      { id: 'doing', name: 'In progress', color: 'blue', group: 'in_progress' },
      { id: 'done', name: 'Done', color: 'green', group: 'done' },
    ],
  });
  addProperty(doc, DB, { id: 'prio', name: 'Priority', type: 'select', options: options(['Low', 'Medium', 'High']) });
  addProperty(doc, DB, { id: 'tags', name: 'Tags', type: 'multi_select', options: options(['api', 'web', 'docs', 'ops', 'design']) });
  addProperty(doc, DB, { id: 'pts', name: 'Points', type: 'number', format: 'plain' });
  addProperty(doc, DB, { id: 'due', name: 'Due', type: 'date', includeTime: false, includeEnd: false });
  addProperty(doc, DB, { id: 'done', name: 'Reviewed', type: 'checkbox' });
  addProperty(doc, DB, { id: 'notes', name: 'Notes', type: 'text' });
  addProperty(doc, DB, { id: 'link', name: 'Link', type: 'url' });
  addProperty(doc, DB, { id: 'owner', name: 'Owner', type: 'person' });
  addProperty(doc, DB, { id: 'cost', name: 'Cost', type: 'number', format: 'currency', currency: 'EUR' });
  addProperty(doc, DB, { id: 'total', name: 'Weighted', type: 'formula', expression: 'if(prop("Reviewed"), prop("Points") * 2, prop("Points"))' });
  const list = Array.from({ length: rows }, (_, i) => ({
    id: rowId(base, i),
    values: {
      name: `Task ${i}: ${['fix', 'write', 'review', 'ship'][i % 4]} the ${['parser', 'editor', 'sidebar', 'worker', 'export'][i % 5]}`,
      status: STATUS[i % 3],
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
  for (let i = 0; i < list.length; i += 5_000) addRows(doc, DB, list.slice(i, i + 5_000), by);
  return doc;
}

const QUERIES: { name: string; filter?: Filter; sorts?: Sort[]; groupBy?: View['groupBy'] }[] = [
  { name: 'filter Status is Done', filter: { combinator: 'and', conditions: [{ property: 'status', operator: 'is', value: 'done' }] } },
  { name: 'filter Name contains "review"', filter: { combinator: 'and', conditions: [{ property: 'name', operator: 'contains', value: 'review' }] } },
  {
    name: 'filter Points > 6 and (Tags has web or Reviewed)',
    filter: {
      combinator: 'and',
      conditions: [
        { property: 'pts', operator: 'gt', value: 6 },
        { combinator: 'or', conditions: [{ property: 'tags', operator: 'has_any', value: ['o1'] }, { property: 'done', operator: 'is_checked' }] },
      ],
    },
  },
  { name: 'filter Due before 2026-06-01', filter: { combinator: 'and', conditions: [{ property: 'due', operator: 'date_before', value: { kind: 'exact', date: '2026-06-01' } }] } },
  { name: 'filter formula Weighted ≥ 20', filter: { combinator: 'and', conditions: [{ property: 'total', operator: 'gte', value: 20 }] } },
  { name: 'sort Points desc', sorts: [{ property: 'pts', direction: 'descending' }] },
  { name: 'sort Status, then Due, then Name', sorts: [{ property: 'status', direction: 'ascending' }, { property: 'due', direction: 'ascending' }, { property: 'name', direction: 'ascending' }] },
  { name: 'group by Status (board)', groupBy: { property: 'status' } },
];

function scopeOf(doc: Y.Doc, userId: string) {
  const schema = readSchema(doc, DB);
  const context = { timeZone: 'Europe/Berlin', now: Date.now(), userId };
  const resolver = new RowResolver({ schema: (id) => (id === DB ? schema : undefined), row: () => undefined }, context);
  return { databaseId: DB, schema, resolver, context };
}

// Everything the table shows first: the schema, the rows and the default view applied to them.
function openView(doc: Y.Doc, userId: string): Row[] {
  const view = readViews(doc)[0]!;
  return queryView(view, readRows(doc), scopeOf(doc, userId)).rows;
}

async function measureSize(target: TandemTarget, rows: number, params: DatabasesParams, userId: string): Promise<{ result: DatabaseSizeResult; page: string; base: string }> {
  const page = await target.newPage('database');
  const base = randomUUID().slice(0, 24);
  const built = buildDatabase(rows, userId, base);
  const state = Y.encodeStateAsUpdate(built);
  built.destroy();
  // As if the worker had persisted it: the bench times opening, not typing 10,000 rows in.
  await target.persistence!.seed(page, state);
  const join: number[] = [];
  const read: number[] = [];
  const open: number[] = [];
  let matchedRows = 0;
  let doc: Y.Doc | null = null;
  for (let s = 0; s < params.samples; s++) {
    doc?.destroy();
    doc = new Y.Doc();
    const t0 = performance.now();
    const client = await target.connect(page, doc);
    const t1 = performance.now();
    matchedRows = openView(doc, userId).length;
    const t2 = performance.now();
    await client.close();
    join.push(t1 - t0);
    read.push(t2 - t1);
    open.push(t2 - t0);
  }
  if (matchedRows !== rows) throw new Error(`opened ${matchedRows} of ${rows} rows`);
  const baseView = readViews(doc!)[0]!;
  const all = readRows(doc!);
  const queries = QUERIES.map((q) => {
    const times: number[] = [];
    let matched = 0;
    for (let r = 0; r < params.queryRuns; r++) {
      // A fresh scope per run, as the view re-runs after an edit (formula values are recomputed).
      const scope = scopeOf(doc!, userId);
      const t = performance.now();
      const out = queryView({ ...baseView, filter: q.filter ?? null, sorts: q.sorts ?? [], groupBy: q.groupBy ?? null }, all, scope);
      times.push(performance.now() - t);
      matched = out.rows.length;
    }
    if (matched === 0) throw new Error(`${q.name} matched nothing`);
    return { name: q.name, matched, time: summarize(times) };
  });
  doc!.destroy();
  const rest = await measureRest(target, page, rowId(base, 0), params, userId);
  return { result: { rows, stateKiB: Math.round(state.byteLength / 1024), join: summarize(join), read: summarize(read), open: summarize(open), queries, ...rest }, page, base };
}

// One edit through the collaboration path gets a seeded database projected, as any persisted
// change does; resolves once the projection has it. Watched in Postgres, not through the API: a
// query before the first projection reads the whole document on the server, and polling that would
// load the server the figures are about.
export async function projectNow(target: TandemTarget, doc: Y.Doc, firstRow: string, userId: string): Promise<void> {
  const t0 = performance.now();
  setCells(doc, DB, firstRow, { notes: 'projected now' }, { userId, now: new Date().toISOString() });
  for (;;) {
    const { rows } = await target.database().query(
      `SELECT 1 FROM "DatabaseRow" r JOIN "DatabaseMeta" m ON m."databaseId" = r."databaseId" WHERE r."rowId" = $1 AND r."values"->>'notes' = 'projected now'`,
      [firstRow],
    );
    if (rows.length) return;
    if (performance.now() - t0 > 1_800_000) throw new Error('the database was not projected within 30 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function api<T>(target: TandemTarget, method: string, path: string, body?: unknown): Promise<T> {
  return JSON.parse((await target.request(method, path, body)).text) as T;
}

// The projection's side: the seeded database projected (projectNow), then the first paint and the
// REST queries are timed.
async function measureRest(target: TandemTarget, page: string, firstRow: string, params: DatabasesParams, userId: string): Promise<Pick<DatabaseSizeResult, 'projectSeconds' | 'reproject' | 'firstRows' | 'restQueries'>> {
  const doc = new Y.Doc();
  const client = await target.connect(page, doc);
  const t0 = performance.now();
  await projectNow(target, doc, firstRow, userId);
  const projectSeconds = (performance.now() - t0) / 1000;
  const reproject = await measureReprojection(target, page, doc, firstRow, params, userId);
  await client.close();
  doc.destroy();

  const timeZone = 'Europe/Berlin';
  const first: number[] = [];
  for (let s = 0; s < params.samples * 4; s++) {
    const t = performance.now();
    const { views } = await api<{ views: View[] }>(target, 'GET', `/databases/${page}`);
    const { rows } = await api<{ rows: unknown[] }>(target, 'POST', `/databases/${page}/query`, { filter: views[0]!.filter, sorts: views[0]!.sorts, limit: FIRST_ROWS, timeZone });
    first.push(performance.now() - t);
    if (rows.length !== FIRST_ROWS) throw new Error(`first paint got ${rows.length} rows`);
  }
  const restQueries = [];
  for (const q of QUERIES.filter((q) => !q.groupBy)) {
    const times: number[] = [];
    let matched = 0;
    for (let r = 0; r < Math.min(params.queryRuns, 10); r++) {
      const t = performance.now();
      const { rows } = await api<{ rows: unknown[] }>(target, 'POST', `/databases/${page}/query`, { filter: q.filter ?? null, sorts: q.sorts ?? [], limit: FIRST_ROWS, timeZone });
      times.push(performance.now() - t);
      matched = rows.length;
    }
    restQueries.push({ name: q.name, matched, time: summarize(times) });
  }
  return { projectSeconds, reproject, firstRows: summarize(first), restQueries };
}

// One cell edit at a time on the projected database, each waited for until its row is projected
// with it (and the meta has read that persist): what a re-projection after one edit costs.
async function measureReprojection(target: TandemTarget, page: string, doc: Y.Doc, rowId: string, params: DatabasesParams, userId: string): Promise<DatabaseSizeResult['reproject']> {
  const workerPid = target.workerPid();
  if (!workerPid || params.reprojectEdits === 0) return null;
  const cpu = new CpuMeter(() => [workerPid]);
  const editToProjected: number[] = [];
  const commitToProjected: number[] = [];
  // A moment for the first projection's tail (its job's completion, a snapshot) to settle.
  await new Promise((r) => setTimeout(r, 2000));
  cpu.start();
  const started = performance.now();
  for (let i = 0; i < params.reprojectEdits; i++) {
    const marker = `reprojected ${i} ${randomUUID()}`;
    const t = performance.now();
    setCells(doc, DB, rowId, { notes: marker }, { userId, now: new Date().toISOString() });
    for (;;) {
      const { rows } = await target.database().query<{ committed: Date }>(
        `SELECT d."updatedAt" AS committed FROM "DatabaseRow" r JOIN "DatabaseMeta" m ON m."databaseId" = r."databaseId" JOIN "Document" d ON d."pageId" = r."databaseId"
         WHERE r."rowId" = $1 AND r."values"->>'notes' = $2 AND m."upTo" = d."persistedUpTo"`,
        [rowId, marker],
      );
      if (rows[0]) {
        const now = performance.now();
        editToProjected.push(now - t);
        // updatedAt is written in UTC without a zone: read as UTC by pg.
        commitToProjected.push(Date.now() - rows[0].committed.getTime());
        break;
      }
      if (performance.now() - t > 600_000) throw new Error('an edit was not projected within 10 minutes');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const workerCpuSeconds = (cpu.stop() / 100) * seconds / params.reprojectEdits;
  return { edits: params.reprojectEdits, editToProjected: summarize(editToProjected), commitToProjected: summarize(commitToProjected), workerCpuSeconds };
}

// `clients` people in one database, each on a thread of its own (database-client.ts); each edits
// the Notes cell of a row of their own at `rate`/s with the send time in the value, and every other
// client records when the edit reached it.
async function measurePropagation(target: TandemTarget, page: string, base: string, params: DatabasesParams, userId: string): Promise<{ summary: Summary; sent: number; lost: number; cpu: { worker: number; server: number }; clientLag: LoopLag }> {
  const workerPid = target.workerPid();
  const workerCpu = new CpuMeter(() => (workerPid ? [workerPid] : []));
  const serverCpu = new CpuMeter(() => target.socketPids());
  const ticks = Math.max(1, Math.round(params.editSeconds * params.rate));
  const warmupTicks = Math.round(params.warmupSeconds * params.rate);
  const threads = Array.from({ length: params.clients }, (_, index) => {
    const data: DatabaseClientData = { ...target.credentials(), page, databaseId: DB, userId, index, clients: params.clients, rowId: rowId(base, index), rate: params.rate, ticks, warmupTicks };
    return new Worker(new URL('./database-client.js', import.meta.url), { workerData: data });
  });
  const next = (type: DatabaseClientMessage['type'], timeoutMs: number) =>
    Promise.all(
      threads.map(
        (thread) =>
          new Promise<DatabaseClientMessage>((resolve, reject) => {
            const timer = setTimeout(() => (thread.off('message', on), reject(new Error(`a client sent no ${type} within ${timeoutMs} ms`))), timeoutMs);
            const on = (m: DatabaseClientMessage) => {
              if (m.type === 'failed') reject(new Error(m.message));
              if (m.type !== type) return;
              clearTimeout(timer);
              thread.off('message', on);
              resolve(m);
            };
            thread.on('message', on);
          }),
      ),
    );
  try {
    // Each client applies the whole document on a loaded 2-core machine: 120 s was not always enough.
    await next('ready', 300_000);
    const completed = next('complete', 600_000).catch(() => null);
    workerCpu.start();
    serverCpu.start();
    threads.forEach((thread) => thread.postMessage('go'));
    const edited = await next('edited', (params.warmupSeconds + params.editSeconds) * 1000 + 60_000);
    const cpu = { worker: workerCpu.stop(), server: serverCpu.stop() };
    // Let the last edits arrive.
    await Promise.race([completed, new Promise((r) => setTimeout(r, 10_000))]);
    const results = next('result', 30_000);
    threads.forEach((thread) => thread.postMessage('finish'));
    const out = (await results).flatMap((m) => (m.type === 'result' ? [m] : []));
    const sent = edited.reduce((n, m) => n + (m.type === 'edited' ? m.sent : 0), 0);
    const arrived = out.reduce((n, m) => n + m.received, 0);
    // The clients' worst loop delay: a receiver that stalled makes every edit it got meanwhile late.
    const clientLag = { p99: Math.max(...out.map((m) => m.lag.p99)), max: Math.max(...out.map((m) => m.lag.max)) };
    return { summary: summarize(out.flatMap((m) => m.latencies)), sent, lost: sent * (params.clients - 1) - arrived, cpu, clientLag };
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

export async function runDatabases(target: TandemTarget, params: DatabasesParams): Promise<DatabasesResult> {
  const userId = target.user();
  const sizes: DatabaseSizeResult[] = [];
  let first: { page: string; base: string } | null = null;
  for (const rows of params.rows) {
    if (rows > DatabaseLimits.rows) throw new Error(`${rows} rows is over the limit of ${DatabaseLimits.rows}`);
    const { result, page, base } = await measureSize(target, rows, params, userId);
    sizes.push(result);
    // Printed at once: a later failure (the cell edits' clients) keeps these figures.
    console.log(renderDatabases({ sizes: [result], propagation: null, propagationCpu: null, clientLag: null, editsSent: 0, editsLost: 0, params }));
    first ??= { page, base };
  }
  const edits = first ? await measurePropagation(target, first.page, first.base, params, userId) : null;
  return { sizes, propagation: edits?.summary ?? null, propagationCpu: edits?.cpu ?? null, clientLag: edits?.clientLag ?? null, editsSent: edits?.sent ?? 0, editsLost: edits?.lost ?? 0, params };
}

export function renderDatabases(r: DatabasesResult): string {
  const f = (s: Summary) => `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} / ${s.max.toFixed(0)}`;
  const lines = [`Databases (Tandem): 12 properties; times p50 / p95 / max ms (${r.params.samples} opens, ${r.params.queryRuns} runs per query)`];
  for (const s of r.sizes) {
    lines.push(
      '',
      `${s.rows.toLocaleString('en')} rows, document ${s.stateKiB.toLocaleString('en')} KiB`,
      '| figure | p50 / p95 / max ms | rows |',
      '| --- | --- | --- |',
      `| join until the document is in | ${f(s.join)} | |`,
      `| read rows and run the view | ${f(s.read)} | |`,
      `| open (data ready to paint) | ${f(s.open)} | ${s.rows} |`,
      `| first paint from the projection (GET + first ${FIRST_ROWS} rows) | ${f(s.firstRows)} | ${FIRST_ROWS} |`,
      ...s.queries.map((q) => `| ${q.name} | ${f(q.time)} | ${q.matched} |`),
      ...s.restQueries.map((q) => `| REST: ${q.name} (first ${FIRST_ROWS}) | ${f(q.time)} | |`),
      `| projection of the whole database after one edit | ${(s.projectSeconds * 1000).toFixed(0)} ms | ${s.rows} |`,
      ...(s.reproject
        ? [
            `| re-projection after one cell edit, edit → projected (${s.reproject.edits} edits) | ${f(s.reproject.editToProjected)} | |`,
            `| re-projection after one cell edit, persist commit → projected | ${f(s.reproject.commitToProjected)} | |`,
            `| worker CPU per cell edit (persist + projection) | ${(s.reproject.workerCpuSeconds * 1000).toFixed(0)} ms | |`,
          ]
        : []),
    );
  }
  if (r.propagation) {
    lines.push(
      '',
      `Cell edits: ${r.params.clients} clients × ${r.params.rate}/s for ${r.params.editSeconds} s (after ${r.params.warmupSeconds} s unmeasured) on the ${r.sizes[0]?.rows.toLocaleString('en')}-row database: ${r.editsSent} edits, ` +
        `propagation p50 ${r.propagation.p50.toFixed(1)} ms, p95 ${r.propagation.p95.toFixed(1)} ms, p99 ${r.propagation.p99.toFixed(1)} ms, max ${r.propagation.max.toFixed(1)} ms; ${r.editsLost} deliveries missing` +
        (r.propagationCpu ? `; CPU while editing: worker ${r.propagationCpu.worker.toFixed(0)} %, server ${r.propagationCpu.server.toFixed(0)} % of a core` : '') +
        (r.clientLag ? `; clients' own loop delay p99 ${r.clientLag.p99.toFixed(0)} ms, longest ${r.clientLag.max.toFixed(0)} ms` : ''),
    );
  }
  return lines.join('\n');
}
