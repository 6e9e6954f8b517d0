// One person in the databases workload's propagation figure, on a thread of its own. In one event
// loop the 20 clients' applies queue behind each other, so the last receiver's wait would be the
// other 18's work, not the server's; a browser has a loop to itself. Times are
// `timeOrigin + now()`, comparable across threads.
import { parentPort, workerData } from 'node:worker_threads';
import { CollabProvider } from '@tandem/collab-client';
import { DATABASE_FIELDS, setCells } from '@tandem/database/ydoc';
import * as Y from 'yjs';
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
  ticks: number;
}

export type DatabaseClientMessage =
  | { type: 'ready' }
  | { type: 'edited'; sent: number }
  | { type: 'complete' }
  | { type: 'result'; latencies: number[]; received: number; errors: string[] }
  | { type: 'failed'; message: string };

const data = workerData as DatabaseClientData;
const port = parentPort!;
const clock = () => performance.timeOrigin + performance.now();
const post = (message: DatabaseClientMessage) => port.postMessage(message);

const latencies: number[] = [];
const errors: string[] = [];
let received = 0;
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
      if (!m || Number(m[1]) === data.index) continue;
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

async function edit(): Promise<void> {
  for (let t = 0; t < data.ticks; t++) {
    const started = performance.now();
    setCells(doc, data.databaseId, data.rowId, { notes: `edit ${data.index}:${t} at ${clock().toFixed(3)}` }, { userId: data.userId, now: new Date().toISOString() });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 / data.rate - (performance.now() - started))));
  }
  post({ type: 'edited', sent: data.ticks });
}

port.on('message', (message: 'go' | 'finish') => {
  if (message === 'go') void edit();
  else {
    post({ type: 'result', latencies, received, errors });
    provider.destroy();
    doc.destroy();
    port.close();
  }
});
