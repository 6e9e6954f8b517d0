// The `recovery` workload (issue 11, item 2): how long after a worker is killed mid-job do the pages
// it was persisting reach Postgres again. Writers type into every page; the worker is SIGKILLed,
// stays down a moment, and is started again; the time counted runs from the new worker's start
// until Postgres holds, for every page, every edit its writer had made when the worker came back
// (the stored state vector covers the writer's). The new process's boot is part of the figure:
// it is what an operator waits for.
import * as Y from 'yjs';
import { sleep, TEXT } from '../load.js';
import { summarize, type Summary } from '../stats.js';
import type { TandemTarget } from '../targets/tandem.js';
import type { BenchClient } from '../targets/target.js';

export interface RecoveryParams {
  pages: number;
  // Edits per second into each page, all the time.
  rate: number;
  kills: number;
  downMs: number;
  timeoutMs: number;
}

export interface RecoveryResult {
  recovery: Summary;
  // Kills after which the pages were not all caught up within timeoutMs.
  timeouts: number;
  params: RecoveryParams;
}

function covers(stored: Map<number, number>, wanted: Map<number, number>): boolean {
  for (const [client, clock] of wanted) if ((stored.get(client) ?? 0) < clock) return false;
  return true;
}

export async function runRecovery(target: TandemTarget, params: RecoveryParams): Promise<RecoveryResult> {
  const pages = await Promise.all(Array.from({ length: params.pages }, () => target.newPage()));
  const writers: Array<{ page: string; doc: Y.Doc; client: BenchClient }> = [];
  for (const page of pages) {
    const doc = new Y.Doc();
    writers.push({ page, doc, client: await target.connect(page, doc) });
  }
  const typing = setInterval(() => {
    for (const w of writers) w.doc.getText(TEXT).insert(0, 'x');
  }, 1000 / params.rate);
  const times: number[] = [];
  let timeouts = 0;
  try {
    for (let kill = 0; kill < params.kills; kill++) {
      // Long enough for persist jobs to be running when the kill lands.
      await sleep(2000);
      await target.killWorker();
      await sleep(params.downMs);
      const started = performance.now();
      target.startWorker();
      const wanted = new Map(writers.map((w) => [w.page, Y.decodeStateVector(Y.encodeStateVector(w.doc))]));
      let done = false;
      while (performance.now() - started < params.timeoutMs) {
        const stored = await target.persistence!.stateVectors(pages);
        done = pages.every((p) => stored.has(p) && covers(Y.decodeStateVector(stored.get(p)!), wanted.get(p)!));
        if (done) break;
        await sleep(25);
      }
      if (done) times.push(performance.now() - started);
      else timeouts += 1;
    }
  } finally {
    clearInterval(typing);
    await Promise.all(writers.map((w) => w.client.close()));
  }
  return { recovery: summarize(times), timeouts, params };
}

export function renderRecovery(r: RecoveryResult): string {
  const s = r.recovery;
  return [
    `Worker recovery (Tandem): ${r.params.pages} pages typed into at ${r.params.rate} edits/s each; the worker SIGKILLed ${r.params.kills} times, down ${r.params.downMs} ms each`,
    `| figure | p50 | p95 | p99 | max | n | over ${r.params.timeoutMs / 1000} s |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    `| new worker started → every page's edits (as of the start) in Postgres | ${s.p50.toFixed(0)} ms | ${s.p95.toFixed(0)} ms | ${s.p99.toFixed(0)} ms | ${s.max.toFixed(0)} ms | ${s.count} | ${r.timeouts} |`,
  ].join('\n');
}
