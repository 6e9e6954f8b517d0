// Soak: W2's base load (pages × editors at 2 updates/s each) held for many minutes, sampling each
// server process's RSS, to show whether memory grows with time under a steady load (issue 20 goal 4:
// "no growth over a 30-minute soak"). The slope is a least-squares line through the samples after
// the first minute (start-up, JIT and pools filling are not growth), in MB per minute, per process.
import { closeAll, connectAll, drive, LatencyProbe } from '../load.js';
import { rssBytes } from '../proc.js';
import { summarize } from '../stats.js';
import type { Target } from '../targets/target.js';

export interface SoakOptions {
  pages: number;
  editors: number;
  rate: number;
  minutes: number;
  sampleSeconds: number;
}

export interface SoakProcess {
  name: string;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  slopeMbPerMinute: number;
}

export interface SoakResult {
  target: string;
  options: SoakOptions;
  processes: SoakProcess[];
  // p99 delivery latency and tokens lost, per minute of the soak.
  minutes: { p99: number; lost: number }[];
}

export async function runSoak(target: Target, o: SoakOptions): Promise<SoakResult> {
  const pages: string[] = [];
  for (let i = 0; i < o.pages; i++) pages.push(await target.newPage());
  const clients = await connectAll(target, pages.flatMap((p) => Array<string>(o.editors).fill(p)));
  // The processes as the target names them: the socket-holding ones are servers, the rest workers.
  const socketPids = new Set(target.socketPids());
  const named = target.serverPids().map((pid, i) => ({ pid, name: socketPids.has(pid) ? `server ${i}` : 'worker' }));
  const samples = named.map(() => [] as [number, number][]);
  const started = performance.now();
  const sample = () => {
    const minute = (performance.now() - started) / 60_000;
    named.forEach((p, i) => samples[i]!.push([minute, rssBytes(p.pid) / 2 ** 20]));
  };
  const result: SoakResult = { target: target.name, options: o, processes: [], minutes: [] };
  try {
    const probe = new LatencyProbe();
    for (const c of clients) probe.watch(c.doc);
    const senders = clients.map((c) => () => probe.send(c.doc, o.editors - 1));
    sample();
    const timer = setInterval(sample, o.sampleSeconds * 1000);
    try {
      // One minute at a time, so each minute has its latency (a slow leak shows there too).
      for (let m = 0; m < o.minutes; m++) {
        probe.reset();
        await drive(senders, o.rate, Math.min(60, o.minutes * 60 - m * 60));
        await probe.drain();
        result.minutes.push({ p99: summarize(probe.latencies).p99, lost: probe.lost });
      }
    } finally {
      clearInterval(timer);
    }
    sample();
  } finally {
    await closeAll(clients);
  }
  result.processes = named.map((p, i) => {
    const all = samples[i]!;
    const steady = all.filter(([minute]) => minute >= 1);
    return {
      name: p.name,
      rssStartMb: all[0]![1],
      rssEndMb: all[all.length - 1]![1],
      rssMaxMb: Math.max(...all.map(([, mb]) => mb)),
      slopeMbPerMinute: slope(steady.length >= 2 ? steady : all),
    };
  });
  return result;
}

// Least-squares slope of y over x.
export function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function renderSoak(r: SoakResult): string {
  const o = r.options;
  const worst = Math.max(...r.minutes.map((m) => m.p99));
  const lost = r.minutes.reduce((s, m) => s + m.lost, 0);
  return [
    `Soak (${r.target}): ${o.pages} pages × ${o.editors} editors at ${o.rate}/s each (${o.pages * o.editors * o.rate} updates/s) for ${o.minutes} min, RSS every ${o.sampleSeconds} s; slope after the first minute`,
    '',
    '| process | RSS start MB | RSS end MB | RSS max MB | slope MB/min |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...r.processes.map((p) => `| ${p.name} | ${p.rssStartMb.toFixed(0)} | ${p.rssEndMb.toFixed(0)} | ${p.rssMaxMb.toFixed(0)} | ${p.slopeMbPerMinute.toFixed(2)} |`),
    '',
    `p99 per minute (ms): ${r.minutes.map((m) => m.p99.toFixed(1)).join(', ')}; worst ${worst.toFixed(1)}; tokens undelivered: ${lost}`,
  ].join('\n');
}
