// Tables for the terminal and docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@tandem/testkit';
import type { IdleRow } from './workloads/idle.js';
import type { JoinRow } from './workloads/join.js';
import type { BurstJoinRow } from './workloads/burst-join.js';
import type { LatencyRow, PersistRow, W2Result } from './workloads/latency.js';
import type { TraceRow } from './workloads/trace.js';

export interface Results {
  startedAt: string;
  finishedAt?: string;
  smoke: boolean;
  params: Record<string, unknown>;
  w1: LatencyRow[];
  w2: Record<string, W2Result>;
  w3: IdleRow[];
  w4: JoinRow[];
  w6: BurstJoinRow[];
  w5: TraceRow[];
  errors: { target: string; workload: string; message: string }[];
  // 1-minute load average of the machine as each target started: how busy it was with other work.
  loadAverage: Record<string, number>;
}

export function emptyResults(smoke: boolean, params: Record<string, unknown>): Results {
  return { startedAt: new Date().toISOString(), smoke, params, w1: [], w2: {}, w3: [], w4: [], w5: [], w6: [], errors: [], loadAverage: {} };
}

const n = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !b || Number.isNaN(a) || Number.isNaN(b) ? '–' : `${(a / b).toFixed(2)}×`);

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function latencyTable(rows: LatencyRow[]): string {
  const p99Of = (target: string, scenario: string) => rows.find((r) => r.target === target && r.scenario === scenario)?.latency.p99;
  return table(
    ['target', 'scenario', 'sent/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'undelivered after 3 s', 'server CPU %', 'server RSS MB', 'Redis+PG CPU %', 'generator lag p99/max ms', 'p99 vs floor', 'p99 vs hocuspocus'],
    rows.map((r) => [
      r.target,
      r.scenario,
      n(r.sentPerSecond, 0),
      n(r.latency.p50, 2),
      n(r.latency.p95, 2),
      n(r.latency.p99, 2),
      n(r.latency.max, 2),
      String(r.lost),
      n(r.cost.serverCpu),
      n(r.cost.serverRssMb, 0),
      n(r.cost.backendCpu),
      `${n(r.cost.generatorLag.p99)} / ${n(r.cost.generatorLag.max)}`,
      ratio(r.latency.p99, p99Of('floor', r.scenario)),
      ratio(r.latency.p99, p99Of('hocuspocus', r.scenario)),
    ]),
  );
}

function persistTable(rows: PersistRow[]): string {
  return table(
    ['target', 'updates', 'lag p50 ms', 'lag p99 ms', 'lag max ms', 'never persisted', 'Postgres rows written per update', 'Postgres transactions per update'],
    rows.map((r) => [r.target, String(r.updates), n(r.lag.p50, 0), n(r.lag.p99, 0), n(r.lag.max, 0), String(r.unpersisted), n(r.rowsPerUpdate, 4), n(r.transactionsPerUpdate, 4)]),
  );
}

export function versions(): Record<string, string> {
  const pkgs = ['yjs', 'socket.io', 'socket.io-msgpack-parser', '@hocuspocus/server', '@hocuspocus/provider', '@y/websocket-server', 'y-websocket', 'bullmq', 'ioredis', 'pg'];
  const out: Record<string, string> = {};
  for (const p of pkgs) {
    const file = join(repoRoot, 'node_modules', p, 'package.json');
    if (existsSync(file)) out[p] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  const cmd = (bin: string, args: string[]) => {
    try {
      return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  };
  out.postgres = cmd('psql', ['--version']).replace(/^psql \(PostgreSQL\) /, '');
  out.redis = cmd('redis-server', ['--version']).replace(/^.*v=(\S+).*$/, '$1');
  return out;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function render(r: Results): string {
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`## ${title}\n\n${body}\n`);
  const persist = Object.values(r.w2).flatMap((w) => (w.persistence ? [w.persistence] : []));
  const highest = (t: string) => r.w2[t]?.highest ?? undefined;

  section(
    'W1 — one writer at 100 updates/s, watchers',
    r.w1.length ? latencyTable(r.w1) : 'not run',
  );
  section(
    'W2 — many pages × 3 editors, then a rate ramp until p99 passes 50 ms',
    Object.keys(r.w2).length
      ? `${latencyTable(Object.values(r.w2).flatMap((w) => w.steps))}\n\n${table(
          ['target', 'highest sustained updates/s (p99 ≤ 50 ms, all delivered)', 'vs floor', 'vs hocuspocus'],
          Object.entries(r.w2).map(([t, w]) => [t, w.highest === null ? 'below the first step' : String(w.highest), ratio(w.highest ?? undefined, highest('floor')), ratio(w.highest ?? undefined, highest('hocuspocus'))]),
        )}`
      : 'not run',
  );
  section(
    'Persistence under W2 (base rate): update → Postgres commit',
    persist.length
      ? `${persistTable(persist)}\n\nLag is measured by polling each page's persisted state vector every 100 ms, so each figure is an upper bound by up to 100 ms. Rows written are n_tup_ins + n_tup_upd summed over every table of the bench database (documents, versions, anything the save path writes). Transactions are the database's committed transactions (pg_stat_database.xact_commit) minus the bench's own queries: every statement a target sends outside a transaction commits one, reads included, so this bounds its write statements from above.`
      : 'not run',
  );
  const kbOf = (t: string) => r.w3.find((x) => x.target === t)?.kbPerConnection;
  section(
    'W3 — idle connections: server memory per connection',
    r.w3.length
      ? table(
          ['target', 'connections', 'pages', 'RSS before MB', 'RSS after MB', 'KB per connection (RSS)', 'KB per connection (JS heap + buffers)', 'vs floor', 'vs hocuspocus'],
          r.w3.map((x) => [x.target, String(x.connections), String(x.pages), n(x.rssBeforeMb, 0), n(x.rssAfterMb, 0), n(x.kbPerConnection), n(x.heapKbPerConnection), ratio(x.kbPerConnection, kbOf('floor')), ratio(x.kbPerConnection, kbOf('hocuspocus'))]),
        ) +
        '\n\nMeasured on each target\'s fresh server processes (W3 runs first), each time right after a full garbage collection in them (`heap-probe.ts`, SIGUSR2): memory the connections retain, not garbage from opening them. Ratios are of the RSS figure.'
      : 'not run',
  );
  const joinOf = (t: string) => r.w4.find((x) => x.target === t);
  section(
    'W4 — joining a large page: time to synced',
    r.w4.length
      ? `${table(
          ['target', 'paragraphs', 'state bytes', 'cold p50 ms', 'cold max ms', 'warm p50 ms', 'warm max ms', 'cold vs hocuspocus', 'warm vs hocuspocus'],
          r.w4.map((x) => [x.target, String(x.paragraphs), String(x.stateBytes), n(x.cold?.p50), n(x.cold?.max), n(x.warm?.p50), n(x.warm?.max), ratio(x.cold?.p50, joinOf('hocuspocus')?.cold?.p50), ratio(x.warm?.p50, joinOf('hocuspocus')?.warm?.p50)]),
        )}\n\nThe floor keeps no document, so it has no join. y-websocket's server keeps documents only in memory: no cold join.`
      : 'not run',
  );
  const floorMs = r.w5.find((x) => x.target === 'in-process Y.Doc')?.wallMs;
  const yn = (v: boolean | null) => (v === null ? 'n/a' : v ? 'yes' : '**NO**');
  section(
    'W5 — automerge-paper trace replayed through the server',
    r.w5.length
      ? table(
          ['target', 'edits', 'wall ms', 'vs in-process', 'exact in writer', 'exact in watcher', 'exact in Postgres', 'bytes sent', 'bytes received', 'persisted bytes', 'Postgres writes', 'replay end → Postgres ms', 'update messages', 'stream entries'],
          r.w5.map((x) => [x.target, String(x.edits), n(x.wallMs, 0), ratio(x.wallMs, floorMs), yn(x.exactInWriter), yn(x.exactInWatcher), yn(x.exactInPostgres), String(x.bytesSent), String(x.bytesReceived), x.persistedBytes === null ? 'n/a' : String(x.persistedBytes), x.postgresWrites === null ? 'n/a' : String(x.postgresWrites), n(x.persistMs, 0), x.messages == null ? 'n/a' : String(x.messages), x.streamEntries == null ? 'n/a' : String(x.streamEntries)]),
        )
      : 'not run',
  );
  // Beside Hocuspocus' join of the same edits sent by a writer.
  const burstOf = (t: string) => r.w6.find((x) => x.target === t && x.via === 'writer');
  section(
    'W6 — join during a burst: a page with many unpersisted edits, while other pages keep editing',
    r.w6.length
      ? `${table(
          ['target', 'edits via', 'unpersisted edits', 'first joins ms', 'joins', 'join p50 ms', 'join p99 ms', 'join max ms', "others' updates", "others' p50 ms", "others' p99 ms", "others' max ms", 'lost', 'generator max ms', 'join p99 vs hocuspocus'],
          r.w6.map((x) => [x.target, x.via, String(x.entries), x.firstJoinsMs.map((ms) => n(ms)).join(', '), String(x.joins.count), n(x.joins.p50), n(x.joins.p99), n(x.joins.max), String(x.others.count), n(x.others.p50), n(x.others.p99), n(x.others.max), String(x.othersLost), n(x.generatorMaxMs), ratio(x.joins.p99, burstOf('hocuspocus')?.joins.p99)]),
        )}\n\n"stream": Tandem's edits written straight into the page's Redis stream, as a gateway that died leaves them (no live process has seen them, so each join reads and merges all of them). "writer": sent by a connected writer, one message per edit, Tandem's worker stopped so they stay unpersisted (the server folds them into its cached state as they come); the other targets hold the page in memory. "First joins" come before the measured ones and are reported apart: a fresh process' first big joins run code V8 has not optimised yet. Joins are timed to synced by a joiner on a thread of its own, as a browser has its own event loop. "Others" are the updates other pages' sockets sent while a measured join ran (time to synced, in this process). "Generator max" is this process' longest event-loop delay meanwhile: an others' tail up to that long may be the generator's.`
      : 'not run',
  );
  if (r.errors.length) section('Errors', r.errors.map((e) => `- ${e.target} / ${e.workload}: ${e.message.split('\n')[0]}`).join('\n'));
  return out.join('\n');
}

const NOTES_MARKER = '<!-- notes: everything below this line is kept when npm run bench rewrites the file -->';

export function benchmarksMarkdown(r: Results, previous: string | undefined): string {
  const v = versions();
  const notes = previous?.includes(NOTES_MARKER) ? previous.slice(previous.indexOf(NOTES_MARKER) + NOTES_MARKER.length) : '\n\n## Notes\n';
  return `# Benchmarks

Written by \`npm run bench\` (packages/bench). Run started ${r.startedAt}, finished ${r.finishedAt ?? '?'}.

- Machine: ${machine()}
- Versions: ${Object.entries(v).map(([k, ver]) => `${k} ${ver}`).join(', ')}
- Parameters: \`${JSON.stringify(r.params)}\`
- Machine load (1-minute load average as each target started, ${os.cpus().length} cores): ${Object.entries(r.loadAverage).map(([t, l]) => `${t} ${l.toFixed(1)}`).join(', ')}.
  Anything well above the core count means other work shared the CPU and the latency tails are noisy.
- Tandem runs with its per-socket update rate limit lifted (\`COLLAB_UPDATES_PER_SECOND\`): the other
  targets have none and W2's ramp and W5's replay are deliberate floods. Everything else is as deployed.
- Everything (targets, Redis, Postgres, the load generator) runs on this one machine over loopback. CPU is
  in percent of one core (200 % = both cores). "Redis+PG" is the Redis server plus this database's
  Postgres backends: anything else using Redis at the time is counted too. Generator lag is the load
  generator's own event-loop delay during the window: a tail that coincides with it is not the server's.

## How to reproduce

\`\`\`sh
npm run build            # the bench runs the built server, worker and bench targets
npm run bench            # every target and workload; rewrites this file
npm run bench -- --targets floor,tandem --workloads w1,w5   # a subset (prints, does not write this file)
npm run bench -- --targets tandem --workloads w2 --redis-cluster   # Tandem on a private 3-master Redis Cluster (docs/SCALING.md)
\`\`\`

The bench uses its own database \`tandem_bench\` (created and migrated on start), Redis database 2 with
the key prefix \`tandem-bench\`, and the trace in \`../shared/data/traces/\` (\`BENCH_TRACE\` overrides).
\`npm test -w @tandem/bench\` runs every workload tiny against every target (the smoke suite).

${render(r)}
${NOTES_MARKER}${notes}`;
}
