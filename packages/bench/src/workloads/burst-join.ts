// W6: join during a burst. A page holds `entries` single-character edits that are not yet
// persisted, while `pairs` other pages keep exchanging updates at `rate` per second each. Measures
// each join's time to synced and the other sockets' latency for the updates sent while a join ran:
// a join must not stall the gateway for others. Two ways the edits got there:
// - `stream` (Tandem only): written straight into the page's Redis stream, as a gateway that died
//   (or another instance) leaves them: no process alive has seen them, so the join reads and
//   merges every one (the cold case).
// - `writer`: sent by a writer connected to the server, one message per edit; Tandem's worker is
//   stopped first (down or behind), so they all stay in the stream. The other targets apply them
//   into the page's in-memory Y.Doc as they come.
import { Worker } from 'node:worker_threads';
import { typedEdits } from '@tandem/testkit';
import * as Y from 'yjs';
import { closeAll, LatencyProbe, sleep, TEXT } from '../load.js';
import { LoopLagMeter } from '../loop-lag.js';
import { summarize, type Summary } from '../stats.js';
import type { ClientSpec } from '../targets/clients.js';
import type { BenchClient, Target } from '../targets/target.js';
import type { JoinerMessage, JoinerRequest } from './joiner.js';

export type BurstVia = 'stream' | 'writer';

export interface BurstJoinRow {
  target: string;
  via: BurstVia;
  entries: number;
  // The joins before the measured ones, each timed (a fresh process' and thread's first big joins
  // run code V8 has not optimised yet, on the server and in the joiner alike: the first two took
  // 100-290 ms more than the rest on a quiet machine).
  firstJoinsMs: number[];
  joins: Summary;
  // Latency of other sockets' updates sent while a join ran.
  others: Summary;
  othersLost: number;
  // The load generator's own longest event-loop delay while a join and its others' deliveries ran:
  // an others' tail no longer than this may be the generator's, not the server's. (The joiner
  // applies its answer on a thread of its own, as a browser would.)
  generatorMaxMs: number;
}

export interface BurstJoinParams {
  entries: number;
  // Joins made first and reported on their own (firstJoinsMs), then the measured ones.
  firstJoins: number;
  samples: number;
  pairs: number;
  rate: number;
}

// W6's log: one typist (testkit's typedEdits) in the page's text.
export function typing(entries: number): Uint8Array[] {
  return typedEdits(entries, TEXT);
}

function textOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u)));
  const text = doc.getText(TEXT).toString();
  doc.destroy();
  return text;
}

// `o.via`: the rows to run (both by default; one alone when timing a change to that path).
export async function runW6(target: Target, o: BurstJoinParams & { via: readonly BurstVia[] }): Promise<BurstJoinRow[]> {
  if (!target.servesState) return [];
  if (!target.clientSpec) throw new Error(`${target.name}: W6 joins from a thread of its own, and this target has no clientSpec`);
  const spec = target.clientSpec();
  const rows: BurstJoinRow[] = [];
  if (target.burst && o.via.includes('stream')) rows.push(await runBurstJoin(target, spec, o, 'stream'));
  if (!o.via.includes('writer')) return rows;
  if (!target.pauseSaving) return [...rows, await runBurstJoin(target, spec, o, 'writer')];
  await target.pauseSaving();
  try {
    rows.push(await runBurstJoin(target, spec, o, 'writer'));
  } finally {
    target.resumeSaving?.();
  }
  return rows;
}

async function runBurstJoin(target: Target, spec: ClientSpec, o: BurstJoinParams, via: BurstVia): Promise<BurstJoinRow> {
  const updates = typing(o.entries);
  const expected = textOf(updates);
  const probe = new LatencyProbe();
  const open: BenchClient[] = [];
  const senders: Y.Doc[] = [];
  const firstJoinsMs: number[] = [];
  const joins: number[] = [];
  const others: number[] = [];
  let lost = 0;
  let generatorMaxMs = 0;
  let traffic: NodeJS.Timeout | undefined;
  const joiner = new Joiner(spec);
  try {
    for (let i = 0; i < o.pairs; i++) {
      const page = await target.newPage();
      const sender = await target.connect(page, new Y.Doc());
      const receiver = await target.connect(page, new Y.Doc());
      probe.watch(receiver.doc);
      senders.push(sender.doc);
      open.push(sender, receiver);
    }
    let k = 0;
    traffic = setInterval(() => probe.send(senders[k++ % senders.length]!, 1), 1000 / (o.rate * o.pairs));
    await sleep(1000);
    for (let s = 0; s < o.firstJoins + o.samples; s++) {
      const measured = s >= o.firstJoins;
      const page = await target.newPage();
      if (via === 'stream') await target.burst!(page, updates);
      else {
        // Through a writer, then wait until a watcher has it all: the server holds every edit.
        const writer = await target.connect(page, new Y.Doc());
        const watcher = await target.connect(page, new Y.Doc());
        open.push(writer, watcher);
        // One message per edit where the server keeps a stream of them (Tandem: one entry each, as
        // typing leaves them); one message for the others, which apply every update into the page's
        // in-memory Y.Doc as it comes, so how the edits arrived does not change what a join costs.
        if (writer.acked) for (const u of updates) Y.applyUpdate(writer.doc, u);
        else Y.transact(writer.doc, () => updates.forEach((u) => Y.applyUpdate(writer.doc, u)));
        const deadline = performance.now() + 60_000;
        while (watcher.doc.getText(TEXT).toString() !== expected) {
          if (performance.now() > deadline) throw new Error(`${target.name}: the burst did not arrive within 60 s`);
          await sleep(50);
        }
        // Every edit in the stream (acked), and the burst over for a moment, before the join
        // starts: the page holds the edits, it is not receiving 40,000 in the same second.
        await writer.acked?.();
        await sleep(1000);
      }
      probe.reset();
      const firstSeq = probe.nextSeq;
      const lag = new LoopLagMeter();
      lag.start();
      const ms = await joiner.join(page, expected);
      const lastSeq = probe.nextSeq;
      await sleep(1000);
      const maxLag = lag.stop().max;
      const during = probe.samples.filter(([seq]) => seq >= firstSeq && seq < lastSeq).map(([, latency]) => latency);
      // An update lost is wrong whichever join it came during: counted for all of them.
      lost += lastSeq - firstSeq - during.length;
      if (!measured) firstJoinsMs.push(ms);
      else {
        joins.push(ms);
        generatorMaxMs = Math.max(generatorMaxMs, maxLag);
        others.push(...during);
      }
      await joiner.leave();
    }
  } finally {
    if (traffic) clearInterval(traffic);
    await joiner.stop();
    await closeAll(open);
  }
  return { target: target.name, via, entries: o.entries, firstJoinsMs, joins: summarize(joins), others: summarize(others), othersLost: lost, generatorMaxMs };
}

// The joiner thread (joiner.ts): each join's time to synced, timed in its own loop.
class Joiner {
  private readonly thread: Worker;

  constructor(spec: ClientSpec) {
    this.thread = new Worker(new URL('./joiner.js', import.meta.url), { workerData: spec });
  }

  async join(page: string, expected: string): Promise<number> {
    const answer = await this.ask({ type: 'join', page, expected });
    if (answer.type !== 'joined') throw new Error(`the joiner answered ${answer.type}`);
    return answer.ms;
  }

  async leave(): Promise<void> {
    await this.ask({ type: 'leave' });
  }

  async stop(): Promise<void> {
    await this.thread.terminate();
  }

  private ask(request: JoinerRequest): Promise<JoinerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`the joiner sent nothing within 60 s of a ${request.type}`)), 60_000);
      const onMessage = (message: JoinerMessage) => done(message.type === 'failed' ? new Error(message.message) : null, message);
      const done = (err: Error | null, message?: JoinerMessage) => {
        clearTimeout(timer);
        this.thread.off('message', onMessage).off('error', done);
        if (err) reject(err);
        else resolve(message!);
      };
      this.thread.on('message', onMessage).on('error', done);
      this.thread.postMessage(request);
    });
  }
}
