// `npm run bench`: starts each target in turn on 127.0.0.1, drives the same workloads through it,
// prints the tables and (on a full run of everything) rewrites docs/BENCHMARKS.md.
//   --smoke              every workload tiny (the test suite's run)
//   --targets a,b        floor, hocuspocus, y-websocket, tandem
//   --workloads a,b      w1, w2, w3, w4, w5, w6; `search` (Tandem only, not part of a full run:
//                        100,000 pages, 1,000 queries; its table is printed, figures go in BENCHMARKS.md by hand);
//                        `versions` (Tandem only, likewise: 1,000 versions, a 10,000-paragraph page);
//                        `recovery` (Tandem only, likewise: the worker SIGKILLed while pages are typed into);
//                        `transfers` (Tandem only, likewise: a 1,000-page Markdown zip imported and exported by jobs)
//                        `databases` (Tandem only, likewise: 10,000- and 50,000-row databases opened, filtered,
//                        sorted, and cell edits by 20 clients; BENCH_DATABASE_ROWS=10000 for one size,
//                        BENCH_DATABASE_CLIENTS=10 for fewer editing clients)
//                        `table` (Tandem only, likewise: the databases workload's tracker of 10,000 rows in
//                        the web app in Chromium: open to first rows painted, and scrolling's dropped
//                        frames; starts the web app too, so it needs apps/web built)
//                        `reads` (Tandem only, likewise: the page tree and GET /pages/:id of a 10,000-page
//                        workspace; BENCH_READS_WORKSPACE reuses one an earlier run seeded)
//                        `soak` (any target, not part of a full run: W2's base load, 200 pages × 3 editors
//                        at 2/s each, held BENCH_SOAK_MINUTES (30) minutes; RSS slope per process;
//                        BENCH_SOAK_PAGES for fewer pages)
//   --json <file>        also write the raw results
//   --profile <dir>      write V8 CPU profiles of Tandem's server and worker there
//   --otel               Tandem with OpenTelemetry tracing on as deployed (TRACE_UPDATE_SAMPLE_RATIO's
//                        default: a tenth of the edits traced), exporting over OTLP/HTTP to a sink in
//                        this process (run W1/W2 with and without it to see the
//                        tracing overhead; never written to BENCHMARKS.md)
//   --otel-all           with --otel: every edit traced (TRACE_UPDATE_SAMPLE_RATIO=1), the worst case
// BENCH_W6_VIA=stream (or writer) runs only that W6 row.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PrivateRedisCluster, repoRoot } from '@tandem/testkit';
import { ensureBenchDatabase, STATS_FLUSH_MS } from './db.js';
import { benchmarksMarkdown, emptyResults, render, type Results } from './report.js';
import { FloorTarget } from './targets/floor.js';
import { HocuspocusTarget } from './targets/hocuspocus.js';
import type { Target } from './targets/target.js';
import { YWebsocketTarget } from './targets/y-websocket.js';
import { runW3 } from './workloads/idle.js';
import { runW4 } from './workloads/join.js';
import { runW6, type BurstVia } from './workloads/burst-join.js';
import { runW1, runW2 } from './workloads/latency.js';
import { loadTrace, runInProcess, runW5 } from './workloads/trace.js';
import { renderSearch, runSearch, type SearchResult } from './workloads/search.js';
import { renderVersions, runVersions, type VersionsResult } from './workloads/versions.js';
import { renderRecovery, runRecovery, type RecoveryResult } from './workloads/recovery.js';
import { renderTransfers, runTransfers, type TransfersResult } from './workloads/transfers.js';
import { renderDatabases, runDatabases, type DatabasesResult } from './workloads/databases.js';
import { renderReads, runReads, type ReadsResult } from './workloads/reads.js';
import { renderTable, runTable, type TableResult } from './workloads/table.js';
import { renderSoak, runSoak, type SoakResult } from './workloads/soak.js';

const ALL_TARGETS = ['floor', 'hocuspocus', 'y-websocket', 'tandem'] as const;
const ALL_WORKLOADS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'] as const;

// BENCH_DATABASE_ROWS: the database sizes to run, e.g. "10000" or "10000,50000".
function databaseRows(list: string): number[] {
  const sizes = list.split(',').map((n) => Number(n.trim()));
  if (!sizes.every((n) => Number.isSafeInteger(n) && n >= 100)) throw new Error(`BENCH_DATABASE_ROWS must be whole numbers of rows, at least 100 each (got "${list}")`);
  return sizes;
}

// BENCH_SOAK_MINUTES (how long the soak holds its load) and BENCH_SOAK_PAGES (pages it edits, 3
// editors each at 2/s; fewer on a machine that cannot hold W2's base load: a saturated server's
// backlog is not a leak): whole numbers, at least 1.
function soakCount(name: string, unit: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a whole number of ${unit}, at least 1 (got "${value}")`);
  return n;
}

// BENCH_W6_VIA: W6's rows to run, "stream", "writer" or both (the default).
function w6Rows(list: string): BurstVia[] {
  const rows = list.split(',').map((v) => v.trim());
  if (!rows.every((v): v is BurstVia => v === 'stream' || v === 'writer')) throw new Error(`BENCH_W6_VIA must list stream and/or writer (got "${list}")`);
  return rows;
}

const FULL = {
  w1: { watchers: [10, 50], rate: 100, seconds: 10, warmupSeconds: 2 },
  w2: { pages: 200, editors: 3, rates: [1, 2, 4, 5, 6, 8, 12, 16, 24], persistRate: 2, seconds: 8, warmupSeconds: 2, settleMs: 1500, p99LimitMs: 50, persistTimeoutMs: 30_000, statsFlushMs: STATS_FLUSH_MS },
  w3: { connections: 2000, pages: 200, settleMs: 3000 },
  w4: { paragraphs: 10_000, samples: 3 },
  w5: { limit: undefined as number | undefined, timeoutMs: 120_000, statsFlushMs: STATS_FLUSH_MS },
  w6: { entries: 40_000, firstJoins: 2, samples: 8, pairs: 10, rate: 20, via: w6Rows(process.env.BENCH_W6_VIA ?? 'stream,writer') },
  search: { pages: Number(process.env.BENCH_SEARCH_PAGES ?? 100_000), queries: Number(process.env.BENCH_SEARCH_QUERIES ?? 1000), fanout: 100, guestRoots: 10, lag: { pages: Number(process.env.BENCH_SEARCH_LAG_PAGES ?? 200), editors: 3, rate: 2, seconds: Number(process.env.BENCH_SEARCH_LAG_SECONDS ?? 60), probesPerSecond: 5, timeoutMs: 30_000, pollMs: 50 } },
  versions: { versions: 1000, paragraphs: 10_000, rounds: 5 },
  recovery: { pages: 20, rate: 10, kills: 10, downMs: 500, timeoutMs: 30_000 },
  transfers: { pages: 1000, paragraphs: 20, timeoutMs: 600_000 },
  databases: { rows: databaseRows(process.env.BENCH_DATABASE_ROWS ?? '10000,50000'), samples: 5, clients: Number(process.env.BENCH_DATABASE_CLIENTS ?? 20), editSeconds: 10, warmupSeconds: 2, rate: 2, queryRuns: 20, reprojectEdits: 5 },
  reads: { pages: 10_000, fanout: 100, reads: 200, guestRoots: 10 },
  table: { rows: 10_000, opens: 5, scrollSeconds: 5 },
  soak: { pages: soakCount('BENCH_SOAK_PAGES', 'pages', process.env.BENCH_SOAK_PAGES ?? '200'), editors: 3, rate: 2, minutes: soakCount('BENCH_SOAK_MINUTES', 'minutes', process.env.BENCH_SOAK_MINUTES ?? '30'), sampleSeconds: 10 },
};

const SMOKE: typeof FULL = {
  w1: { watchers: [3], rate: 50, seconds: 1, warmupSeconds: 0.2 },
  w2: { pages: 4, editors: 3, rates: [2, 4], persistRate: 2, seconds: 1, warmupSeconds: 0.2, settleMs: 300, p99LimitMs: 50, persistTimeoutMs: 20_000, statsFlushMs: 1200 },
  w3: { connections: 30, pages: 3, settleMs: 300 },
  w4: { paragraphs: 300, samples: 1 },
  w5: { limit: 1500, timeoutMs: 20_000, statsFlushMs: 1200 },
  w6: { entries: 500, firstJoins: 1, samples: 1, pairs: 2, rate: 10, via: w6Rows('stream,writer') },
  search: { pages: 2000, queries: 60, fanout: 20, guestRoots: 3, lag: { pages: 4, editors: 3, rate: 2, seconds: 2, probesPerSecond: 5, timeoutMs: 20_000, pollMs: 50 } },
  versions: { versions: 120, paragraphs: 300, rounds: 1 },
  recovery: { pages: 3, rate: 5, kills: 1, downMs: 200, timeoutMs: 30_000 },
  transfers: { pages: 30, paragraphs: 3, timeoutMs: 120_000 },
  databases: { rows: [300], samples: 1, clients: 3, editSeconds: 1, warmupSeconds: 0.5, rate: 2, queryRuns: 2, reprojectEdits: 1 },
  reads: { pages: 300, fanout: 20, reads: 5, guestRoots: 2 },
  table: { rows: 300, opens: 1, scrollSeconds: 0.5 },
  soak: { pages: 4, editors: 3, rate: 2, minutes: 1, sampleSeconds: 5 },
};

// An OTLP/HTTP receiver that reads and discards what it is sent (the exporter's real work, a
// collector's none), counting requests and bytes.
async function otlpSink(): Promise<{ url: string; stats: { requests: number; bytes: number }; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const stats = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (c: Buffer) => (stats.bytes += c.byteLength));
    req.on('end', () => {
      stats.requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stats, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

async function makeTarget(name: string, profileDir?: string, extraEnv: Record<string, string> = {}, web = false): Promise<Target> {
  switch (name) {
    case 'floor':
      return new FloorTarget();
    case 'hocuspocus':
      return new HocuspocusTarget();
    case 'y-websocket':
      return new YWebsocketTarget();
    case 'tandem': {
      // Loaded only when asked for: it needs the built server and worker.
      const { TandemTarget } = await import('./targets/tandem.js');
      const preload = new URL('./cpu-profile.js', import.meta.url).pathname;
      return new TandemTarget({ ...extraEnv, ...(profileDir ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${preload}`.trim(), BENCH_PROFILE_DIR: profileDir } : {}) }, { web });
    }
    default:
      throw new Error(`unknown target "${name}" (known: ${ALL_TARGETS.join(', ')})`);
  }
}

const BENCH_OPTIONS = {
  smoke: { type: 'boolean', default: false },
  targets: { type: 'string', default: ALL_TARGETS.join(',') },
  workloads: { type: 'string', default: ALL_WORKLOADS.join(',') },
  json: { type: 'string' },
  profile: { type: 'string' },
  otel: { type: 'boolean', default: false },
  // With --otel: trace every edit (TRACE_UPDATE_SAMPLE_RATIO=1), the worst case.
  'otel-all': { type: 'boolean', default: false },
  // Tandem on a private 3-master Redis Cluster (REDIS_CLUSTER=true) instead of the shared Redis:
  // shows the cluster mode runs the workloads (docs/SCALING.md). Not for figures on this machine.
  'redis-cluster': { type: 'boolean', default: false },
} as const;

function parseBenchArgs(argv: string[]) {
  return parseArgs({ args: argv, options: BENCH_OPTIONS });
}

type BenchValues = ReturnType<typeof parseBenchArgs>['values'];

export async function runBench(argv: string[]): Promise<Results> {
  // y-websocket's provider adds a process 'exit' listener per instance; thousands are expected here.
  process.setMaxListeners(0);
  const { values } = parseBenchArgs(argv);
  const cluster = values['redis-cluster'] ? await PrivateRedisCluster.start(3) : null;
  try {
    return await benchWith(values, cluster);
  } finally {
    await cluster?.stop();
  }
}

async function benchWith(values: BenchValues, cluster: PrivateRedisCluster | null): Promise<Results> {
  const params = values.smoke ? SMOKE : FULL;
  const targets = values.targets.split(',').filter(Boolean);
  const workloads = new Set(values.workloads.split(',').filter(Boolean));
  const results = emptyResults(values.smoke, params);
  let searchResult: SearchResult | undefined;
  let versionsResult: VersionsResult | undefined;
  let recoveryResult: RecoveryResult | undefined;
  let transfersResult: TransfersResult | undefined;
  let databasesResult: DatabasesResult | undefined;
  let readsResult: ReadsResult | undefined;
  let tableResult: TableResult | undefined;
  const soakResults: SoakResult[] = [];
  if (values.profile) mkdirSync(values.profile, { recursive: true });
  await ensureBenchDatabase();
  const trace = workloads.has('w5') ? loadTrace(params.w5.limit) : undefined;
  if (trace) results.w5.push(runInProcess(trace));

  const sink = values.otel ? await otlpSink() : null;
  for (const name of targets) {
    const clusterEnv = cluster && name === 'tandem' ? cluster.env() : {};
    const target = await makeTarget(name, values.profile, { ...clusterEnv, ...(sink ? { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, ...(values['otel-all'] ? { TRACE_UPDATE_SAMPLE_RATIO: '1' } : {}) } : {}) }, workloads.has('table'));
    console.log(`\n▶ ${name}`);
    results.loadAverage[name] = os.loadavg()[0]!;
    await target.start();
    try {
      const attempt = async (workload: string, fn: () => Promise<void>) => {
        if (!workloads.has(workload)) return;
        const t0 = performance.now();
        try {
          await fn();
          console.log(`  ${workload} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        } catch (err) {
          console.log(`  ${workload} FAILED: ${(err as Error).stack}`);
          results.errors.push({ target: name, workload, message: (err as Error).message });
        }
      };
      // W3 first: memory per connection is measured on fresh server processes.
      await attempt('w3', async () => void results.w3.push(await runW3(target, params.w3)));
      await attempt('w1', async () => void results.w1.push(...(await runW1(target, params.w1))));
      await attempt('w2', async () => void (results.w2[name] = await runW2(target, params.w2)));
      await attempt('w4', async () => {
        const row = await runW4(target, params.w4);
        if (row) results.w4.push(row);
      });
      await attempt('w5', async () => void results.w5.push(await runW5(target, trace!, params.w5)));
      await attempt('w6', async () => {
        results.w6.push(...(await runW6(target, params.w6)));
      });
      await attempt('soak', async () => void soakResults.push(await runSoak(target, params.soak)));
      if (name === 'tandem') {
        await attempt('search', async () => {
          searchResult = await runSearch(target as import('./targets/tandem.js').TandemTarget, params.search);
        });
        await attempt('versions', async () => {
          versionsResult = await runVersions(target as import('./targets/tandem.js').TandemTarget, params.versions);
        });
        await attempt('recovery', async () => {
          recoveryResult = await runRecovery(target as import('./targets/tandem.js').TandemTarget, params.recovery);
        });
        await attempt('transfers', async () => {
          transfersResult = await runTransfers(target as import('./targets/tandem.js').TandemTarget, params.transfers);
        });
        await attempt('databases', async () => {
          databasesResult = await runDatabases(target as import('./targets/tandem.js').TandemTarget, params.databases);
        });
        await attempt('reads', async () => {
          readsResult = await runReads(target as import('./targets/tandem.js').TandemTarget, params.reads);
        });
        await attempt('table', async () => {
          tableResult = await runTable(target as import('./targets/tandem.js').TandemTarget, params.table);
        });
      }
    } finally {
      await target.stop();
    }
  }
  if (sink) {
    await sink.close();
    console.log(`\ntracing on (--otel${values['otel-all'] ? ' --otel-all' : ''}): ${sink.stats.requests} OTLP exports, ${(sink.stats.bytes / 1024).toFixed(0)} KiB of spans`);
  }
  results.finishedAt = new Date().toISOString();
  // The Tandem-only workloads' results ride beside the comparison's (their tables are by hand).
  if (values.json) writeFileSync(values.json, JSON.stringify({ ...results, search: searchResult, versions: versionsResult, recovery: recoveryResult, transfers: transfersResult, databases: databasesResult, reads: readsResult, table: tableResult, soak: soakResults }, null, 2));
  console.log(`\n${render(results)}`);
  if (searchResult) console.log(`\n${renderSearch(searchResult)}`);
  if (versionsResult) console.log(`
${renderVersions(versionsResult)}`);
  if (recoveryResult) console.log(`\n${renderRecovery(recoveryResult)}`);
  if (transfersResult) console.log(`\n${renderTransfers(transfersResult)}`);
  if (databasesResult) console.log(`\n${renderDatabases(databasesResult)}`);
  if (readsResult) console.log(`\n${renderReads(readsResult)}`);
  if (tableResult) console.log(`\n${renderTable(tableResult)}`);
  for (const soak of soakResults) console.log(`\n${renderSoak(soak)}`);
  const complete = !values.smoke && !values.otel && !cluster && targets.length === ALL_TARGETS.length && workloads.size === ALL_WORKLOADS.length;
  if (complete) {
    const file = join(repoRoot, 'docs', 'BENCHMARKS.md');
    writeFileSync(file, benchmarksMarkdown(results, existsSync(file) ? readFileSync(file, 'utf8') : undefined));
    console.log(`wrote ${file}`);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench(process.argv.slice(2)).then(
    (r) => process.exit(r.errors.length ? 1 : 0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
