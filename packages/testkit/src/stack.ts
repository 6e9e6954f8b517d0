import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forgetStopped, ManagedProcess } from './process.js';
import { freePort, waitUntil } from './ports.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const serverDir = join(repoRoot, 'apps', 'server');
const webDir = join(repoRoot, 'apps', 'web');

export interface StackOptions {
  // Extra environment for the server and worker (limits, intervals...).
  env?: Record<string, string>;
  web?: boolean;
  worker?: boolean;
}

// The database and Redis the test processes use: the environment's, else the test defaults that
// `npm test` applies (scripts/lib/test-services.json; a suite run through turbo sees only the
// variables turbo passes, so the defaults are what it gets).
type TestServices = { DATABASE_URL: string; REDIS_URL: string; REDIS_PREFIX: string };
const TEST_DEFAULTS = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'lib', 'test-services.json'), 'utf8')) as TestServices;
export function testServices(): TestServices {
  return {
    DATABASE_URL: process.env.DATABASE_URL ?? TEST_DEFAULTS.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL ?? TEST_DEFAULTS.REDIS_URL,
    REDIS_PREFIX: process.env.REDIS_PREFIX ?? TEST_DEFAULTS.REDIS_PREFIX,
  };
}

// Real Tandem processes on free loopback ports, from the built apps (npm test builds first):
// the API + gateway, the BullMQ worker and, optionally, the Next.js web app.
export class TandemStack {
  readonly servers: ManagedProcess[] = [];
  worker?: ManagedProcess;
  // Workers after the first (addWorker): BullMQ consumers of the same queues.
  readonly extraWorkers: ManagedProcess[] = [];
  web?: ManagedProcess;
  serverPorts: number[] = [];
  webPort = 0;
  // Shared by the web app's /api proxy and the server, as in a deployment (X-Tandem-Client-IP).
  readonly proxySecret = randomBytes(16).toString('hex');

  constructor(private readonly options: StackOptions = {}) {}

  get serverUrl(): string {
    return `http://127.0.0.1:${this.serverPorts[0]}`;
  }

  get webUrl(): string {
    return `http://127.0.0.1:${this.webPort}`;
  }

  baseEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TANDEM_TEST_VERBOSE ? 'info' : 'warn',
      // The merge threads' start-up warm-up costs each gateway ~1 s of CPU, and the suites start
      // gateways by the dozen (kills, restarts) for joins a cold JIT merges quickly enough.
      COLLAB_MERGE_WARMUP: process.env.COLLAB_MERGE_WARMUP ?? 'false',
      ...testServices(),
      // Fast password hashing for stacks that sign up many accounts (production default: 17).
      AUTH_PASSWORD_COST: process.env.AUTH_PASSWORD_COST ?? '14',
      // Markdown reading's 5 s limit is for costly input (the server's page-import suite tests it);
      // an ordinary page's Markdown on a machine busy with both test lanes ran past it (search-flow).
      MARKDOWN_IMPORT_TIME_LIMIT_MS: process.env.MARKDOWN_IMPORT_TIME_LIMIT_MS ?? '60000',
      TANDEM_PROXY_SECRET: this.proxySecret,
      ...this.options.env,
    };
  }

  async start(): Promise<this> {
    for (const f of [join(serverDir, 'dist', 'main.js'), ...(this.options.web ? [join(webDir, '.next', 'BUILD_ID')] : [])]) {
      if (!existsSync(f)) throw new Error(`${f} is missing: build first (npm test does).`);
    }
    await this.addServer();
    if (this.options.worker !== false) {
      this.worker = new ManagedProcess('worker', process.execPath, ['--enable-source-maps', 'dist/worker.js'], {
        cwd: serverDir,
        env: this.baseEnv(),
      });
      this.worker.start();
    }
    if (this.options.web) {
      this.webPort = await freePort();
      this.web = new ManagedProcess('web', process.execPath, [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(this.webPort), '-H', '127.0.0.1'], {
        cwd: webDir,
        env: { ...process.env, NODE_ENV: 'production', TANDEM_API_URL: this.serverUrl, TANDEM_PROXY_SECRET: this.proxySecret, NEXT_TELEMETRY_DISABLED: '1' },
      });
      this.web.start();
      await waitUntil('the web app', async () => (await fetch(this.webUrl)).ok, 60_000);
    }
    return this;
  }

  // Another API + gateway process on its own port, sharing Postgres and Redis (several instances).
  async addServer(): Promise<ManagedProcess> {
    const port = await freePort();
    const server = new ManagedProcess(`server-${this.servers.length}`, process.execPath, ['--enable-source-maps', 'dist/main.js'], {
      cwd: serverDir,
      env: { ...this.baseEnv(), PORT: String(port) },
    });
    this.servers.push(server);
    this.serverPorts.push(port);
    server.start();
    await this.waitForServer(this.servers.length - 1);
    return server;
  }

  // Another worker process on the same Postgres and Redis (BullMQ consumers scale out).
  addWorker(): ManagedProcess {
    const worker = new ManagedProcess(`worker-${this.extraWorkers.length + 1}`, process.execPath, ['--enable-source-maps', 'dist/worker.js'], {
      cwd: serverDir,
      env: this.baseEnv(),
    });
    this.extraWorkers.push(worker);
    worker.start();
    return worker;
  }

  async waitForServer(index = 0): Promise<void> {
    const server = this.servers[index]!;
    try {
      // waitUntil fails at once, with the last output, if the server exits.
      await waitUntil(`${server.name}`, async () => {
        return (await fetch(`http://127.0.0.1:${this.serverPorts[index]}/health`)).status === 200;
      });
    } catch (err) {
      if (server.crashed) throw err;
      throw new Error(`${(err as Error).message}\n${server.recentOutput()}`, { cause: err });
    }
  }

  async restartServer(index = 0): Promise<void> {
    this.servers[index]!.start();
    await this.waitForServer(index);
  }

  // Stops every process, then fails (the suite's afterAll, so the suite) if one of them crashed or
  // logged an uncaught error at any time: such a run must not pass because its tests happened to.
  async stop(): Promise<void> {
    const all = [this.web, this.worker, ...this.extraWorkers, ...this.servers].filter((p): p is ManagedProcess => !!p);
    const crashed = all.filter((p) => p.crashed).map((p) => `${p.crashed}:\n${p.recentOutput()}`);
    await Promise.all(all.map((p) => p.stop()));
    forgetStopped(all);
    // With the process's last output: "Node.js v20…" alone (what Node prints last when an uncaught
    // exception kills it) says nothing of the error.
    const uncaught = all.filter((p) => p.uncaughtErrors.length).map((p) => `${p.uncaughtErrors.map((line) => `${p.name}: ${line}`).join('\n')}\n${p.recentOutput()}`);
    if (crashed.length || uncaught.length) {
      throw new Error(`Child processes failed during the suite:\n${[...crashed, ...uncaught].join('\n')}`);
    }
  }
}
