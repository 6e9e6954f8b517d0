// W6's joiner, on a thread of its own. A joining browser has an event loop to itself; in the load
// generator's loop, its apply of the whole page (5-70 ms for 40,000 edits) held up the other
// pages' receivers, whose latency W6 reports as the server's: their max followed the generator's
// own longest stop. Joins one page at a time on request, and leaves it when told.
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { TEXT } from '../load.js';
import { connectAs, type ClientSpec } from '../targets/clients.js';
import type { BenchClient } from '../targets/target.js';

export type JoinerRequest = { type: 'join'; page: string; expected: string } | { type: 'leave' };
export type JoinerMessage = { type: 'joined'; ms: number } | { type: 'left' } | { type: 'failed'; message: string };

const spec = workerData as ClientSpec;
const port = parentPort!;
const post = (message: JoinerMessage) => port.postMessage(message);
let joined: BenchClient | null = null;

async function handle(request: JoinerRequest): Promise<JoinerMessage> {
  if (request.type === 'leave') {
    await joined?.close();
    joined = null;
    return { type: 'left' };
  }
  const doc = new Y.Doc();
  const t0 = performance.now();
  joined = await connectAs(spec, request.page, doc);
  const ms = performance.now() - t0;
  const text = doc.getText(TEXT).toString();
  if (text !== request.expected) throw new Error(`${spec.kind}: joined with ${text.length} of ${request.expected.length} characters`);
  return { type: 'joined', ms };
}

port.on('message', (request: JoinerRequest) => {
  handle(request).then(post, (err: Error) => post({ type: 'failed', message: err.message }));
});
