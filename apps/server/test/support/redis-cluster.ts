import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitUntil } from '@tandem/testkit';

const run = promisify(execFile);

// A private Redis Cluster of `masters` redis-server processes (no replicas) on loopback ports, for
// suites that run Tandem with REDIS_CLUSTER=true (never the shared Redis). Each node keeps its
// cluster config (node id, slots) in a temp dir, and no data (no RDB, no AOF): a node restarted
// with `restart` comes back as the same member of the cluster, empty, as after a crash without
// persistence.
export class PrivateRedisCluster {
  private readonly procs = new Map<number, ChildProcess>();

  private constructor(
    readonly ports: number[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<PrivateRedisCluster> {
    const ports: number[] = [];
    // Each node also listens on port + 10000 (the cluster bus).
    while (ports.length < masters) {
      const port = await freePort();
      if (port > 55_000 || ports.includes(port) || !(await isFree(port + 10_000))) continue;
      ports.push(port);
    }
    const cluster = new PrivateRedisCluster(ports, mkdtempSync(join(tmpdir(), 'tandem-redis-cluster-')));
    await Promise.all(ports.map((port) => cluster.startNode(port)));
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await cluster.waitOk();
    return cluster;
  }

  get seed(): string {
    return `redis://127.0.0.1:${this.ports[0]}`;
  }

  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  // The environment that points Tandem at this cluster.
  env(): Record<string, string> {
    return { REDIS_URL: this.seed, REDIS_CLUSTER: 'true', REDIS_CLUSTER_NODES: this.nodes };
  }

  async cli(port: number, ...args: string[]): Promise<string> {
    const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
    return stdout.trim();
  }

  // The port of the master that serves `slot`.
  async portOfSlot(slot: number): Promise<number> {
    for (const port of this.ports) {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'myid']);
      const id = stdout.trim();
      const nodes = await this.cli(port, 'cluster', 'nodes');
      const mine = nodes.split('\n').find((l) => l.startsWith(id));
      const ranges = (mine ?? '').split(' ').slice(8);
      for (const r of ranges) {
        const [from, to] = r.split('-').map(Number);
        if (slot >= from! && slot <= (to ?? from)!) return port;
      }
    }
    throw new Error(`no master serves slot ${slot}`);
  }

  async waitOk(): Promise<void> {
    await waitUntil(
      'cluster_state:ok on every node',
      async () => {
        for (const port of this.ports) if (!(await this.cli(port, 'cluster', 'info')).includes('cluster_state:ok')) return false;
        return true;
      },
      30_000,
    );
  }

  private async startNode(port: number): Promise<void> {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, `nodes-${port}.conf`),
        '--cluster-node-timeout', '2000', '--cluster-require-full-coverage', 'no', '--dir', this.dir, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.procs.set(port, proc);
    await waitUntil(`redis-server on ${port}`, async () => !(await isFree(port)), 10_000);
  }

  // kill -9 of one node, then a start on the same port with its cluster config and no data.
  async restart(port: number): Promise<void> {
    await this.kill(port);
    await this.startNode(port);
    await this.waitOk();
  }

  async kill(port: number): Promise<void> {
    const proc = this.procs.get(port);
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.ports.map((p) => this.kill(p)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
