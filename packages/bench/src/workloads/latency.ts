// W1 (one writer, many watchers) and W2 (many pages × a few editors, then a rate ramp), plus the
// persistence figures measured under W2's base rate.
import { closeAll, connectAll, CostMeter, drive, LatencyProbe, PersistTracker, sleep, type Cost } from '../load.js';
import { summarize, type Summary } from '../stats.js';
import type { Target } from '../targets/target.js';

export interface LatencyRow {
  target: string;
  scenario: string;
  // Updates per second the generator actually sent (short of the goal if it could not keep up).
  sentPerSecond: number;
  latency: Summary;
  lost: number;
  cost: Cost;
}

export interface PersistRow {
  target: string;
  updates: number;
  lag: Summary;
  unpersisted: number;
  rowsPerUpdate: number;
  transactionsPerUpdate: number;
}

export interface W1Options {
  watchers: number[];
  rate: number;
  seconds: number;
  warmupSeconds: number;
}

export async function runW1(target: Target, o: W1Options): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const watchers of o.watchers) {
    const page = await target.newPage();
    const clients = await connectAll(target, Array(watchers + 1).fill(page));
    try {
      const probe = new LatencyProbe();
      for (const c of clients.slice(1)) probe.watch(c.doc);
      const writer = clients[0]!.doc;
      const send = () => probe.send(writer, watchers);
      await drive([send], o.rate, o.warmupSeconds); // warm-up: JIT, socket buffers
      await probe.drain();
      probe.reset();
      const meter = new CostMeter(target);
      meter.start();
      const sentPerSecond = await drive([send], o.rate, o.seconds);
      const cost = meter.stop();
      await probe.drain();
      rows.push({ target: target.name, scenario: `${watchers} watchers`, sentPerSecond, latency: summarize(probe.latencies), lost: probe.lost, cost });
    } finally {
      await closeAll(clients);
    }
  }
  return rows;
}

export interface W2Options {
  pages: number;
  editors: number;
  // Updates per second per editor, step by step, stopped at the first step whose p99 passes the limit.
  rates: number[];
  // The step whose rate persistence is measured at (default: the first).
  persistRate?: number;
  seconds: number;
  warmupSeconds: number;
  // Pause before the persistence window, so the warm-up's saves are not counted in it.
  settleMs: number;
  p99LimitMs: number;
  persistTimeoutMs: number;
  // Wait before reading Postgres' statistics, which lag a busy backend (STATS_FLUSH_MS in full runs).
  statsFlushMs: number;
}

export interface W2Result {
  steps: LatencyRow[];
  // Highest total updates/s whose p99 stayed under the limit with nothing lost (null: not even the first).
  highest: number | null;
  persistence?: PersistRow;
}

export async function runW2(target: Target, o: W2Options): Promise<W2Result> {
  const pages: string[] = [];
  for (let i = 0; i < o.pages; i++) pages.push(await target.newPage());
  const clients = await connectAll(target, pages.flatMap((p) => Array<string>(o.editors).fill(p)));
  const result: W2Result = { steps: [], highest: null };
  try {
    const probe = new LatencyProbe();
    for (const c of clients) probe.watch(c.doc);
    let tracker: PersistTracker | undefined;
    const senders = clients.map((c, i) => () => {
      probe.send(c.doc, o.editors - 1);
      tracker?.record(pages[Math.floor(i / o.editors)]!, c.doc);
    });
    await drive(senders, o.rates[0]!, o.warmupSeconds);
    await probe.drain();
    for (const rate of o.rates) {
      // Persistence is measured at W2's base rate (2/s each), the step every earlier run measured it
      // at; the 1/s step below it only gives a target that fails 2/s a figure.
      const persistence = rate === (o.persistRate ?? o.rates[0]) ? target.persistence : undefined;
      if (persistence) await sleep(Math.max(o.settleMs, o.statsFlushMs));
      const before = persistence ? await persistence.counters() : null;
      if (persistence) (tracker = new PersistTracker(persistence)).start();
      probe.reset();
      const meter = new CostMeter(target);
      meter.start();
      const sentPerSecond = await drive(senders, rate, o.seconds);
      const cost = meter.stop();
      await probe.drain();
      const row: LatencyRow = {
        target: target.name,
        scenario: `${o.pages}×${o.editors} @ ${rate}/s each`,
        sentPerSecond,
        latency: summarize(probe.latencies),
        lost: probe.lost,
        cost,
      };
      result.steps.push(row);
      if (tracker && persistence) {
        const t = tracker;
        tracker = undefined;
        await t.settle(o.persistTimeoutMs);
        await sleep(o.statsFlushMs);
        const after = await persistence.counters();
        result.persistence = {
          target: target.name,
          updates: t.count,
          lag: summarize(t.lags),
          unpersisted: t.unpersisted,
          rowsPerUpdate: (after.rows - before!.rows) / t.count,
          transactionsPerUpdate: (after.transactions - before!.transactions) / t.count,
        };
      }
      const sustained = row.latency.p99 <= o.p99LimitMs && row.lost === 0 && sentPerSecond >= 0.9 * rate * clients.length;
      if (!sustained) break;
      result.highest = rate * clients.length;
    }
  } finally {
    await closeAll(clients);
  }
  return result;
}
