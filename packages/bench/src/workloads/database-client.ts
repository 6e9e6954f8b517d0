// One person in the databases workload's propagation figure, on a thread of its own. In one event
// loop the 20 clients' applies queue behind each other, so the last receiver's wait would be the
// other 18's work, not the server's; a browser has a loop to itself. Times are
// `timeOrigin + now()`, comparable across threads.
import { parentPort, workerData } from 'node:worker_threads';
import { CollabProvider } from '@tandem/collab-client';
import { DATABASE_FIELDS, setCells } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import { LoopLagMeter, type LoopLag } from '../loop-lag.js';
import { socketToken } from '../targets/clients.js';

export interface DatabaseClientData {
  serverUrl: string;
  session: string;
  page: string;
  databaseId: string;
  userId: string;
  index: number;
  clients: number;
  rowId: string;
  rate: number;
  // Measured edits per client, made after `warmupTicks` unmeasured ones.
  ticks: number;
  warmupTicks: number;
}

export type DatabaseClientMessage =
  | { type: 'ready' }
  | { type: 'edited'; sent: number }
  | { type: 'complete' }
  // `lag`: this client's own event-loop delay while editing (GC, applies): latency not the server's.
  | { type: 'result'; latencies: number[]; received: number; errors: string[]; lag: LoopLag }
  | { type: 'failed'; message: string };

const data = workerData as DatabaseClientData;
const port = parentPort!;
const clock = () => performance.timeOrigin + performance.now();
const post = (message: DatabaseClientMessage) => port.postMessage(message);

const latencies: number[] = [];
const errors: string[] = [];
let received = 0;
const lag = new LoopLagMeter();
const expected = data.ticks * (data.clients - 1);

const doc = new Y.Doc();
const provider = new CollabProvider({ pageId: data.page, doc, url: data.serverUrl, token: () => socketToken(data.serverUrl, data.session) });
provider.on('error', (error) => errors.push(error.code));
doc.getMap(DATABASE_FIELDS.rows).observeDeep((events, tr) => {
  if (tr.local) return;
  const at = clock();
  for (const e of events) {
    if (!(e instanceof Y.YMapEvent) || !(e.target instanceof Y.Map)) continue;
    for (const key of e.keysChanged) {
      const value = e.target.get(key);
      const m = typeof value === 'string' ? /^edit (\d+):(\d+) at ([\d.]+)$/.exec(value) : null;
      if (!m || Number(m[1]) === data.index || Number(m[2]) < data.warmupTicks) continue;
      latencies.push(at - Number(m[3]));
      if (++received === expected) post({ type: 'complete' });
    }
  }
});

const timer = setTimeout(() => post({ type: 'failed', message: `client ${data.index}: no sync within 60 s` }), 60_000);
provider.on('synced', (synced) => {
  if (!synced) return;
  clearTimeout(timer);
  post({ type: 'ready' });
});

// Edits are spread evenly over each period across the clients, as W1 and W2 pace their senders
// (load.ts `drive`): client i edits at i / (rate × clients) s past each tick. Starting all of them at
// once made every 500 ms a burst of 20 edits, 380 deliveries, that no group of people makes.
async function edit(): Promise<void> {
  const period = 1000 / data.rate;
  const start = performance.now() + (data.index * period) / data.clients;
  for (let t = 0; t < data.warmupTicks + data.ticks; t++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + t * period - performance.now())));
    if (t === data.warmupTicks) lag.start();
    setCells(doc, data.databaseId, data.rowId, { notes: `edit ${data.index}:${t} at ${clock().toFixed(3)}` }, { userId: data.userId, now: new Date().toISOString() });
  }
  post({ type: 'edited', sent: data.ticks });
}

port.on('message', (message: 'go' | 'finish') => {
  if (message === 'go') void edit();
  else {
    post({ type: 'result', latencies, received, errors, lag: lag.stop() });
    provider.destroy();
    doc.destroy();
    port.close();
  }
});
