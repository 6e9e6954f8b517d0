// `npm test`: from a fresh clone, sets up everything (dependencies, Postgres and Redis, a fresh test
// database with migrations applied, the Prisma client, every build), then runs typecheck, lint and
// every suite. Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { applyDefaults, root, TEST_DEFAULTS } from './lib/env.mjs';
import { migrateDatabase, prepare, run, step } from './lib/setup.mjs';

// Tests never read .env: they run against their own database and Redis namespace.
applyDefaults({ ...TEST_DEFAULTS, NODE_ENV: 'test', NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' });

const turbo = ['npx', '--no-install', 'turbo'];

// The suites run in two lanes at once: the server's (the test database and Redis namespace) and
// everything else's — the browser suites, the bench smoke run, the packages — on a database and Redis
// namespace of their own, so neither lane sees the other's rows or keys. Most of a suite's time is
// spent waiting on processes it started, so two lanes on two cores take about the longer lane's time
// rather than the sum.
function appsLaneEnv() {
  const db = new URL(process.env.DATABASE_URL);
  db.pathname = `${db.pathname}_apps`;
  const redis = new URL(process.env.REDIS_URL);
  // Two databases on: the bench keeps its own in the next one.
  redis.pathname = `/${Number(redis.pathname.slice(1) || '0') + 2}`;
  return { DATABASE_URL: db.toString(), REDIS_URL: redis.toString(), REDIS_PREFIX: `${process.env.REDIS_PREFIX}-apps` };
}

async function flushTestRedis(url) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url);
  await redis.flushdb();
  await redis.quit();
}

// Jest's slow suites ("PASS test/x.e2e-spec.ts (45.6 s)"), across both lanes, for the closing
// summary: where the run's time goes, in every log (CI keeps only the log).
const suiteSeconds = [];

// What failed, for the closing summary: CI may show only the log's tail, where the two lanes'
// output interleaves, so each failed suite, each failure's header ("● suite › test") and the first
// lines of its message are repeated at the end (once: Jest's own summary repeats them too).
const failures = new Map();
const FAILURE_LINES = 12;
function failureCollector(source) {
  let current = null;
  return (line) => {
    const text = line.replace(/^\S+:test: /, '');
    const suite = /^FAIL (\S+)/.exec(text);
    const header = /^\s+● (.+ › .+)$/.exec(text) ?? /^not ok \d+ - (.+)$/.exec(text);
    if (suite || header) {
      const key = suite ? `${source}: FAIL ${suite[1]}` : `${source}: ${header[1]}`;
      current = failures.has(key) || suite ? null : { lines: [] };
      if (!failures.has(key)) failures.set(key, current ?? { lines: [] });
      return;
    }
    if (!current) return;
    if (current.lines.length >= FAILURE_LINES || /^\s+● |^PASS |^Summary of all failing/.test(text)) current = null;
    else if (text.trim()) current.lines.push(text.trim());
  };
}

// Streams a command's output through, counting Jest's "Tests:" lines and node:test's TAP "# pass"
// / "# fail" lines for the closing summary.
function runCounting(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const totals = { passed: 0, failed: 0, skipped: 0 };
    const source = args.find((a) => a.startsWith('--filter='))?.slice('--filter='.length) ?? args.at(-1);
    // Lines are cut across chunks: each stream keeps its unfinished last line for the next chunk.
    const rest = { stdout: '', stderr: '' };
    const collect = { stdout: failureCollector(source), stderr: failureCollector(source) };
    const count = (stream, chunk) => {
      const lines = (rest[stream] + chunk.toString()).split('\n');
      rest[stream] = lines.pop();
      for (const line of lines) {
        collect[stream](line);
        const suite = /^(?:(\S+):test: )?(?:PASS|FAIL) (\S+) \(([\d.]+) s/.exec(line);
        // A failed suite's line comes again in Jest's closing summary: count it once.
        if (suite && !suiteSeconds.some((s) => s.line === line)) suiteSeconds.push({ line, name: `${suite[1] ? `${suite[1]} ` : ''}${suite[2]}`, seconds: Number(suite[3]) });
        const tap = /^# (pass|fail|skipped) (\d+)$/.exec(line);
        if (tap) totals[tap[1] === 'pass' ? 'passed' : tap[1] === 'fail' ? 'failed' : 'skipped'] += Number(tap[2]);
        const m = /Tests:\s+(.*)total/.exec(line);
        if (!m) continue;
        for (const [, n, kind] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
      }
    };
    child.stdout.on('data', (c) => (process.stdout.write(c), count('stdout', c)));
    child.stderr.on('data', (c) => (process.stderr.write(c), count('stderr', c)));
    child.on('close', (code) => resolve({ code: code ?? 1, totals }));
  });
}

// Browser suites drive Debian's Chromium; install it (and a colour emoji font, so page icons show
// in screenshots) when missing. CI runs as root.
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const emojiFont = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
  const missing = [...(existsSync(path) ? [] : ['chromium']), ...(existsSync(emojiFont) ? [] : ['fonts-noto-color-emoji'])];
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    if (!existsSync(path)) throw new Error(`Chromium is missing at ${path}: run \`sudo apt-get install -y chromium\` or set CHROMIUM_PATH.`);
    return;
  }
  step(`Installing ${missing.join(' and ')} for the browser suites (apt-get)`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing]);
}

try {
  await prepare({ resetDatabase: true });
  const appsLane = appsLaneEnv();
  await migrateDatabase(appsLane.DATABASE_URL, { reset: true });
  ensureChromium();
  await flushTestRedis(process.env.REDIS_URL);
  await flushTestRedis(appsLane.REDIS_URL);
  step('Building, type-checking and linting every package');
  run(turbo[0], [...turbo.slice(1), 'run', 'build', 'typecheck', 'lint', '--output-logs=errors-only', '--continue']);
  step('Running the set-up suites (scripts/test: fresh-clone install, Prisma Studio)');
  const setup = await runCounting('node', ['--test', '--test-reporter=tap', 'scripts/test/']);
  step('Running every test suite (the server lane beside the apps-and-packages lane)');
  // Within a lane, one package at a time: its suites share the lane's database and Redis. `--only`:
  // everything is built above, and a lane must not restore build outputs the other lane is running.
  // The server's suites come in two shards (apps/server/test/support/sequencer.js): the server lane
  // runs the first, the apps lane the browser suites, the bench smoke and the packages. The second
  // shard, suites that mostly wait on processes they start, goes to whichever lane is done first, in
  // that lane's database and Redis namespace. How long each lane takes swings with the machine's
  // load (the browser suites: 14 min on a busy machine alone, 26 in CI beside the server lane), so no
  // fixed split keeps them level; this way the run never ends later than with the shard fixed in
  // either lane.
  const tests = (filter, env, args = []) =>
    runCounting(turbo[0], [...turbo.slice(1), 'run', 'test', '--only', `--filter=${filter}`, '--concurrency=1', '--continue', ...(args.length ? ['--', ...args] : [])], env);
  const appsEnv = { ...process.env, ...appsLane };
  let secondShardTaken = false;
  const thenSecondShard = async (lane, env) => {
    const first = await lane;
    if (secondShardTaken) return first;
    secondShardTaken = true;
    const shard = await tests('@tandem/server', env, ['--shard=2/2']);
    return { code: first.code || shard.code, totals: Object.fromEntries(Object.keys(first.totals).map((k) => [k, first.totals[k] + shard.totals[k]])) };
  };
  const lanes = await Promise.all([thenSecondShard(tests('@tandem/server', process.env, ['--shard=1/2']), process.env), thenSecondShard(tests('!@tandem/server', appsEnv), appsEnv)]);
  const code = setup.code || lanes.reduce((c, l) => c || l.code, 0);
  const totals = Object.fromEntries(Object.keys(setup.totals).map((k) => [k, setup.totals[k] + lanes.reduce((n, l) => n + l.totals[k], 0)]));
  const slowest = suiteSeconds.sort((a, b) => b.seconds - a.seconds).slice(0, 15);
  console.log(`\nslowest suites (of ${suiteSeconds.length} timed; the run took ${Math.round(performance.now() / 1000)} s):`);
  for (const s of slowest) console.log(`  ${s.seconds.toFixed(1).padStart(6)} s  ${s.name}`);
  if (failures.size) {
    console.log('\nfailures (each with the first lines of its message):');
    for (const [header, { lines }] of failures) console.log([`  ${header}`, ...lines.map((l) => `      ${l}`)].join('\n'));
  }
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  if (code !== 0 || totals.failed > 0) process.exit(code || 1);
  if (totals.passed === 0) {
    console.error('No test ran.');
    process.exit(1);
  }
} catch (err) {
  console.error(`\n\x1b[31m${err.message}\x1b[0m`);
  process.exit(1);
}
