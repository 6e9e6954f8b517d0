// The load generator: many Y.Docs in this one process, each connected to a target through that
// target's own provider. Every edit appends a token "#<seq>;" to the page's Y.Text; receivers read
// the token back out of the change they apply, so propagation latency is measured per update with
// one clock (performance.now in this process) at both ends.
import * as Y from 'yjs';
import { databaseName } from './db.js';
import { LoopLagMeter, type LoopLag } from './loop-lag.js';
import { CpuMeter, pidsMatching, rssBytes } from './proc.js';
import type { BenchClient, Persistence, Target } from './targets/target.js';

export const TEXT = 'bench';
const TOKEN = /#(\d+);/g;

export class LatencyProbe {
  private readonly sentAt: number[] = [];
  private windowStart = 0;
  latencies: number[] = [];
  // [token seq, latency] of each delivery, to pick the tokens sent in a time window.
  samples: [number, number][] = [];
  expected = 0;

  // The seq the next token will get.
  get nextSeq(): number {
    return this.sentAt.length;
  }

  // Appends one token to the end of the text (so concurrent editors never split each other's
  // tokens) and remembers when it was sent. `receivers` is how many clients should see it.
  send(doc: Y.Doc, receivers: number): void {
    const seq = this.sentAt.length;
    const text = doc.getText(TEXT);
    this.sentAt.push(performance.now());
    text.insert(text.length, `#${seq};`);
    if (seq >= this.windowStart) this.expected += receivers;
  }

  watch(doc: Y.Doc): void {
    doc.getText(TEXT).observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const m of op.insert.matchAll(TOKEN)) {
          const seq = Number(m[1]);
          const sent = this.sentAt[seq];
          if (sent !== undefined && seq >= this.windowStart) {
            this.latencies.push(now - sent);
            this.samples.push([seq, now - sent]);
          }
        }
      }
    });
  }

  // Starts a measurement window: tokens sent before it are not counted.
  reset(): void {
    this.windowStart = this.sentAt.length;
    this.latencies = [];
    this.samples = [];
    this.expected = 0;
  }

  get lost(): number {
    return this.expected - this.latencies.length;
  }

  async drain(timeoutMs = 3000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.lost > 0 && performance.now() < deadline) await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// Connects clients a batch at a time (a storm of simultaneous handshakes measures nothing useful).
export async function connectAll(target: Target, pages: readonly string[], batch = 25): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < pages.length; i += batch) {
    clients.push(...(await Promise.all(pages.slice(i, i + batch).map((page) => target.connect(page, new Y.Doc({ gc: true }))))));
  }
  return clients;
}

export async function closeAll(clients: readonly BenchClient[]): Promise<void> {
  await Promise.all(clients.map(async (c) => (await c.close(), c.doc.destroy())));
}

// Sends `rate` updates per second per sender for `seconds`, evenly interleaved: the k-th update of
// the whole run is due at k / (senders × rate). Returns the rate actually achieved, which falls short
// when the load generator itself cannot keep up.
export async function drive(senders: readonly (() => void)[], rate: number, seconds: number): Promise<number> {
  const total = senders.length * rate;
  const start = performance.now();
  const end = start + seconds * 1000;
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (start + (k * 1000) / total <= now && start + (k * 1000) / total < end) {
        senders[k % senders.length]!();
        k++;
      }
      if (now >= end) return resolve();
      setTimeout(tick, Math.max(0, Math.min(end, start + (k * 1000) / total) - performance.now()));
    };
    tick();
  });
  return k / ((performance.now() - start) / 1000);
}

export interface Cost {
  // Percent of one core over the window (200% = both cores of this machine).
  serverCpu: number;
  // Redis + this database's Postgres backends: shared with anything else using them meanwhile.
  backendCpu: number;
  serverRssMb: number;
  generatorLag: LoopLag;
}

export class CostMeter {
  private readonly server: CpuMeter;
  private readonly backend = new CpuMeter(() => [...pidsMatching('redis-server'), ...pidsMatching('postgres:', ` ${databaseName()} `)]);
  private readonly lag = new LoopLagMeter();

  constructor(private readonly target: Target) {
    this.server = new CpuMeter(() => target.serverPids());
  }

  start(): void {
    this.server.start();
    this.backend.start();
    this.lag.start();
  }

  stop(): Cost {
    return {
      serverCpu: this.server.stop(),
      backendCpu: this.backend.stop(),
      serverRssMb: this.target.serverPids().reduce((sum, pid) => sum + rssBytes(pid), 0) / 2 ** 20,
      generatorLag: this.lag.stop(),
    };
  }
}

// Update → Postgres lag. Each update is identified by its (client, clock) in the sender's doc; a
// page's persisted state vector covering that clock means a commit included it. The stored state
// vectors are polled, so each lag is an upper bound by at most the poll interval.
export class PersistTracker {
  private readonly pending = new Map<string, { client: number; clock: number; sentAt: number }[]>();
  readonly lags: number[] = [];
  private tracked = 0;

  constructor(
    private readonly persistence: Persistence,
    readonly pollMs = 100,
  ) {}

  record(page: string, doc: Y.Doc): void {
    let list = this.pending.get(page);
    if (!list) this.pending.set(page, (list = []));
    list.push({ client: doc.clientID, clock: Y.getState(doc.store, doc.clientID), sentAt: performance.now() });
    this.tracked++;
  }

  get count(): number {
    return this.tracked;
  }

  get unpersisted(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
  }

  async poll(): Promise<void> {
    const pages = [...this.pending.keys()];
    if (!pages.length) return;
    const vectors = await this.persistence.stateVectors(pages);
    const now = performance.now();
    for (const [page, encoded] of vectors) {
      const sv = Y.decodeStateVector(encoded);
      const list = this.pending.get(page)!;
      const left = list.filter((u) => {
        if ((sv.get(u.client) ?? 0) < u.clock) return true;
        this.lags.push(now - u.sentAt);
        return false;
      });
      if (left.length) this.pending.set(page, left);
      else this.pending.delete(page);
    }
  }

  // Polls in the background until stopped; `settle` then waits for the rest (up to a timeout).
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  start(): void {
    const loop = () => {
      this.polling = this.poll().finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(loop, this.pollMs);
      });
    };
    this.timer = setTimeout(loop, this.pollMs);
  }

  async settle(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.unpersisted > 0 && performance.now() < deadline) {
      await sleep(this.pollMs);
      await this.polling;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
  }
}
