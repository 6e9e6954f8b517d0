// W5: the automerge-paper editing trace (259,778 single-character edits) replayed through a target
// by one client, a second client watching; beside it the same trace in a plain in-process Y.Doc.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { closeAll, sleep, TEXT } from '../load.js';
import type { BenchClient, Target } from '../targets/target.js';

export const TRACE_PATH = process.env.BENCH_TRACE ?? new URL('../../../../../shared/data/traces/automerge-paper.json.gz', import.meta.url).pathname;

export type Patch = [pos: number, del: number, ins: string];

export interface Trace {
  patches: Patch[];
  endContent: string;
}

interface TraceFile {
  endContent: string;
  txns: { patches: Patch[] }[];
}

// `limit` replays only the first edits (the smoke run); the expected text is then computed by
// replaying that prefix on a plain string.
export function loadTrace(limit?: number): Trace {
  const file = JSON.parse(gunzipSync(readFileSync(TRACE_PATH)).toString('utf8')) as TraceFile;
  const patches = file.txns.flatMap((t) => t.patches);
  if (limit === undefined || limit >= patches.length) return { patches, endContent: file.endContent };
  const head = patches.slice(0, limit);
  let text = '';
  for (const [pos, del, ins] of head) text = text.slice(0, pos) + ins + text.slice(pos + del);
  return { patches: head, endContent: text };
}

function apply(doc: Y.Doc, [pos, del, ins]: Patch): void {
  const text = doc.getText(TEXT);
  doc.transact(() => {
    if (del) text.delete(pos, del);
    if (ins) text.insert(pos, ins);
  });
}

export interface TraceRow {
  target: string;
  edits: number;
  // Start of replay to the watcher holding the final text.
  wallMs: number;
  exactInWriter: boolean;
  exactInWatcher: boolean;
  // null: the target stores nothing; false: Postgres never held the final text within the timeout.
  exactInPostgres: boolean | null;
  bytesSent: number;
  bytesReceived: number;
  persistedBytes: number | null;
  postgresWrites: number | null;
  // Replay end to the final text being in Postgres.
  persistMs: number | null;
  // Update messages the writer sent, and the page's stream entries after the replay (null: not counted).
  messages?: number | null;
  streamEntries?: number | null;
}

export function runInProcess(trace: Trace): TraceRow {
  const doc = new Y.Doc();
  let bytes = 0;
  doc.on('update', (u: Uint8Array) => (bytes += u.length));
  const t0 = performance.now();
  for (const p of trace.patches) apply(doc, p);
  const wallMs = performance.now() - t0;
  const exact = doc.getText(TEXT).toString() === trace.endContent;
  doc.destroy();
  return {
    target: 'in-process Y.Doc',
    edits: trace.patches.length,
    wallMs,
    exactInWriter: exact,
    exactInWatcher: exact,
    exactInPostgres: null,
    bytesSent: bytes,
    bytesReceived: bytes,
    persistedBytes: null,
    postgresWrites: null,
    persistMs: null,
  };
}

function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = doc.getText(TEXT).toString();
  doc.destroy();
  return text;
}

export async function runW5(target: Target, trace: Trace, o: { timeoutMs: number; statsFlushMs: number }): Promise<TraceRow> {
  const page = await target.newPage();
  const clients: BenchClient[] = [];
  try {
    const writer = await target.connect(page, new Y.Doc());
    clients.push(writer);
    const watcher = await target.connect(page, new Y.Doc());
    clients.push(watcher);
    let bytesSent = 0;
    let bytesReceived = 0;
    writer.doc.on('update', (u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
      if (tr.local) bytesSent += u.length;
    });
    watcher.doc.on('update', (u: Uint8Array) => (bytesReceived += u.length));
    const rowsBefore = target.persistence ? (await target.persistence.counters()).rows : 0;
    const end = trace.endContent;
    const watched = watcher.doc.getText(TEXT);
    const t0 = performance.now();
    for (let i = 0; i < trace.patches.length; i++) {
      apply(writer.doc, trace.patches[i]!);
      // Yield now and then so sockets flush and the watcher applies as the replay goes, like a
      // fast typist rather than one synchronous burst of a quarter-million messages.
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    const deadline = t0 + o.timeoutMs;
    while (!(watched.length === end.length && watched.toString() === end) && performance.now() < deadline) await sleep(5);
    const wallMs = performance.now() - t0;
    const replayEnd = performance.now();
    const row: TraceRow = {
      target: target.name,
      edits: trace.patches.length,
      wallMs,
      exactInWriter: writer.doc.getText(TEXT).toString() === end,
      exactInWatcher: watched.toString() === end,
      exactInPostgres: null,
      bytesSent,
      bytesReceived,
      persistedBytes: null,
      postgresWrites: null,
      persistMs: null,
    };
    row.messages = writer.messagesSent?.() ?? null;
    row.streamEntries = target.streamEntries ? await target.streamEntries(page) : null;
    const persistence = target.persistence;
    if (persistence) {
      row.exactInPostgres = false;
      while (performance.now() < replayEnd + o.timeoutMs) {
        const state = await persistence.state(page);
        if (state && textOf(state) === end) {
          row.exactInPostgres = true;
          row.persistMs = performance.now() - replayEnd;
          row.persistedBytes = state.length;
          break;
        }
        await sleep(250);
      }
      await sleep(o.statsFlushMs); // Postgres publishes a busy backend's statistics late
      row.postgresWrites = (await persistence.counters()).rows - rowsBefore;
    }
    return row;
  } finally {
    await closeAll(clients);
  }
}
