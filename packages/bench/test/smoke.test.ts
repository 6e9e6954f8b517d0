// The smoke run: every workload, tiny, against every target, through the built CLI (the same code
// `npm run bench` runs). It proves the harness still measures something true: every update is
// delivered, every trace replay ends with the exact text, every stored target persists it. One run
// of the CLI does it all, the Tandem-only workloads on the same Tandem stack after the comparison's
// (a second run started another stack and migrated its database again: ~10 s).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../src/report.js';
import { FIRST_ROWS, type DatabasesResult } from '../src/workloads/databases.js';
import type { ReadsResult } from '../src/workloads/reads.js';
import type { TableResult } from '../src/workloads/table.js';
import type { RecoveryResult } from '../src/workloads/recovery.js';
import type { TransfersResult } from '../src/workloads/transfers.js';
import type { VersionsResult } from '../src/workloads/versions.js';

const benchDir = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const TARGETS = ['floor', 'y-websocket', 'hocuspocus', 'tandem'];
const STORED = ['hocuspocus', 'tandem'];

type TandemOnly = Results & { versions?: VersionsResult; recovery?: RecoveryResult; transfers?: TransfersResult; databases?: DatabasesResult; reads?: ReadsResult; table?: TableResult };

// Runs the CLI with these arguments and answers the results it wrote.
async function smokeRun(args: string[]): Promise<TandemOnly> {
  const json = join(mkdtempSync(join(tmpdir(), 'tandem-bench-')), 'results.json');
  let output = '';
  await new Promise<void>((resolve) => {
    execFile(process.execPath, ['dist/cli.js', '--smoke', ...args, '--json', json], { cwd: benchDir, maxBuffer: 2 ** 24 }, (_err, stdout, stderr) => {
      output = `${stdout}\n${stderr}`;
      resolve();
    });
  });
  try {
    return JSON.parse(readFileSync(json, 'utf8')) as TandemOnly;
  } catch {
    throw new Error(`the smoke run wrote no results:\n${output}`);
  }
}

const COMPARED = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];
const TANDEM_ONLY = ['versions', 'recovery', 'transfers', 'databases', 'reads', 'table'];

let results: TandemOnly;

beforeAll(async () => {
  results = await smokeRun(['--targets', TARGETS.join(','), '--workloads', [...COMPARED, ...TANDEM_ONLY].join(',')]);
}, 300_000);

describe('bench smoke run', () => {
  it('runs every workload on every target without an error', () => {
    expect(results.errors).toEqual([]);
  });

  it('W1 delivers every update to every watcher and measures each one', () => {
    for (const target of TARGETS) {
      const row = results.w1.find((r) => r.target === target)!;
      expect(row.lost).toBe(0);
      expect(row.latency.count).toBeGreaterThan(0);
      expect(row.latency.p99).toBeGreaterThanOrEqual(row.latency.p50);
      expect(row.cost.serverCpu).toBeGreaterThanOrEqual(0);
      expect(row.cost.serverRssMb).toBeGreaterThan(0);
    }
  });

  it('W2 runs the ramp and measures persistence on stored targets', () => {
    for (const target of TARGETS) {
      const w2 = results.w2[target]!;
      expect(w2.steps.length).toBeGreaterThan(0);
      expect(w2.steps[0]!.latency.count).toBeGreaterThan(0);
      expect(w2.steps[0]!.lost).toBe(0);
    }
    for (const target of STORED) {
      const p = results.w2[target]!.persistence!;
      expect(p.updates).toBeGreaterThan(0);
      expect(p.unpersisted).toBe(0);
      expect(p.lag.count).toBe(p.updates);
      expect(p.rowsPerUpdate).toBeGreaterThan(0);
      expect(Number.isFinite(p.transactionsPerUpdate)).toBe(true);
    }
  });

  it('W3 measures memory of idle connections', () => {
    for (const target of TARGETS) {
      const row = results.w3.find((r) => r.target === target)!;
      expect(row.connections).toBeGreaterThan(0);
      expect(row.rssAfterMb).toBeGreaterThan(0);
    }
  });

  it('W4 joins a large page with all of its paragraphs, cold where the target stores pages', () => {
    for (const target of TARGETS.filter((t) => t !== 'floor')) {
      const row = results.w4.find((r) => r.target === target)!;
      expect(row.warm!.count).toBeGreaterThan(0);
      if (STORED.includes(target)) expect(row.cold!.count).toBeGreaterThan(0);
    }
  });

  it('W6 times a join of a page with a burst of edits, and other sockets\' updates meanwhile', () => {
    for (const target of TARGETS.filter((t) => t !== 'floor')) {
      const rows = results.w6.filter((r) => r.target === target);
      // Tandem both ways (straight into the stream, and through a writer with the worker stopped).
      expect(rows.map((r) => r.via)).toEqual(target === 'tandem' ? ['stream', 'writer'] : ['writer']);
      for (const row of rows) {
        expect(row.firstJoinsMs).toHaveLength(1);
        expect(row.joins.count).toBe(1);
        expect(row.othersLost).toBe(0);
      }
    }
  });

  it('W5 ends with the exact text in both clients and in Postgres', () => {
    const floor = results.w5.find((r) => r.target === 'in-process Y.Doc')!;
    expect(floor.exactInWriter).toBe(true);
    for (const target of TARGETS) {
      const row = results.w5.find((r) => r.target === target)!;
      expect(row).toMatchObject({ exactInWriter: true, exactInWatcher: true, edits: floor.edits });
      expect(row.exactInPostgres).toBe(STORED.includes(target) ? true : null);
    }
  });
});

// The workloads only Tandem runs (by hand, their figures written into BENCHMARKS.md): they must
// still run and measure what they say.
describe('bench smoke run, Tandem-only workloads', () => {
  it('ran them, in the same run', () => {
    for (const workload of TANDEM_ONLY) expect(results[workload as keyof TandemOnly]).toBeDefined();
  });

  it('versions lists every version, previews, compares and restores', () => {
    const v = results.versions!;
    expect(v.listFirst.count).toBeGreaterThan(0);
    for (const s of [v.preview, v.compare, v.restoreAnswer, v.restoreSeen]) expect(s.count).toBeGreaterThan(0);
  });

  it('recovery finds every page in Postgres after each worker kill', () => {
    const r = results.recovery!;
    expect(r.timeouts).toBe(0);
    expect(r.recovery.count).toBe(r.params.kills);
    expect(r.recovery.p50).toBeGreaterThan(0);
  });

  it('transfers imports the whole zip and exports it again, measuring both', () => {
    const t = results.transfers!;
    expect(t.pagesCreated).toBe(t.params.pages + 1);
    for (const run of [t.import, t.export]) {
      expect(run.seconds).toBeGreaterThan(0);
      expect(run.workerPeakMiB).toBeGreaterThan(0);
      expect(run.zipKiB).toBeGreaterThan(0);
    }
  });

  it('databases opens every row, runs each query, and delivers every cell edit to every other client', () => {
    const d = results.databases!;
    const size = d.sizes[0]!;
    expect(size.rows).toBe(d.params.rows[0]);
    expect(size.open.count).toBe(d.params.samples);
    expect(size.stateKiB).toBeGreaterThan(0);
    for (const q of size.queries) expect(q.matched).toBeGreaterThan(0);
    // The projection's side: the first paint and each REST query ran (the bench throws when a first
    // paint has fewer than 50 rows).
    expect(size.projectSeconds).toBeGreaterThan(0);
    expect(size.firstRows.p50).toBeGreaterThan(0);
    // Postgres answers each query as the in-process view does (up to the first paint's rows).
    expect(size.restQueries.length).toBeGreaterThanOrEqual(7);
    for (const rest of size.restQueries) {
      const local = size.queries.find((q) => q.name === rest.name);
      expect({ name: rest.name, matched: rest.matched }).toEqual({ name: local?.name, matched: Math.min(local?.matched ?? -1, FIRST_ROWS) });
      expect(rest.time.p50).toBeGreaterThan(0);
    }
    expect(d.editsSent).toBe(d.params.clients * d.params.editSeconds * d.params.rate);
    expect(d.editsLost).toBe(0);
    expect(d.propagation!.count).toBe(d.editsSent * (d.params.clients - 1));
  });

  it('reads times the whole tree and single pages, each as the member and the guest sees it', () => {
    const r = results.reads!;
    expect(r.rows.map((x) => `${x.who} ${x.read}`)).toEqual(['member tree', 'member tree after a rename', 'member tree after a rename, 20 at once', 'member page', 'guest tree', 'guest page']);
    const [memberTree, renamed, together, , guestTree] = r.rows;
    // The member sees every page, after a rename too; the guest only the shared subtrees.
    for (const row of [memberTree!, renamed!, together!]) expect(row.meanSize).toBe(r.pages);
    expect(guestTree!.meanSize).toBeGreaterThan(0);
    expect(guestTree!.meanSize).toBeLessThan(r.pages);
    for (const row of r.rows) expect(row.count).toBeGreaterThan(0);
  });

  it('table opens the database in Chromium and scrolls the live table through its rows', () => {
    const t = results.table!;
    expect(t.firstRows.count).toBe(1);
    expect(t.firstRows.p50).toBeGreaterThan(0);
    expect(t.allRows.p50).toBeGreaterThan(0);
    expect(t.returning.firstRows.count).toBe(1);
    expect(t.returning.allRows.p50).toBeGreaterThan(0);
    for (const opens of [t.inApp.first, t.inApp.returning]) {
      expect(opens.firstRows.count).toBe(1);
      expect(opens.firstRows.p50).toBeGreaterThan(0);
      expect(opens.allRows.p50).toBeGreaterThanOrEqual(opens.firstRows.p50);
    }
    expect(t.idle.frames).toBeGreaterThan(0);
    expect(t.idle.scrolledPx).toBe(0);
    expect(t.scroll.map((s) => s.step)).toEqual([100, 400]);
    for (const s of t.scroll) {
      expect(s.frames).toBeGreaterThan(0);
      expect(s.scrolledPx).toBeGreaterThan(0);
      // Virtualization drew the rows scrolled to: the first row drawn is the top row in view less the
      // table's overscan (8 rows of 34 px), or a few frames' scroll behind it (the table draws after
      // the scroll event, later on a loaded machine). How far 0.5 s scrolls depends on how many frames the machine drew.
      const top = Math.floor(s.scrolledPx / 34);
      const first = Number(/^Task (\d+):/.exec(s.lastRowShown)?.[1]);
      expect(first).toBeLessThanOrEqual(Math.max(0, top - 8) + 1);
      expect(first).toBeGreaterThanOrEqual(Math.max(0, top - 8 - 3 * Math.ceil(s.step / 34)));
    }
  });
});
