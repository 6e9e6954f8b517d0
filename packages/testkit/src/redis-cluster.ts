import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { accepts, serverPort, waitUntil } from './ports.js';

const run = promisify(execFile);

// A private Redis Cluster of `masters` redis-server processes (no replicas) on loopback ports, for
// suites that run Tandem with REDIS_CLUSTER=true (never the shared Redis) and the bench's
// --redis-cluster. Each node keeps its cluster config (node id, slots) in a temp dir, and no data
// (no RDB, no AOF): a node restarted with `restart` comes back as the same member of the cluster,
// empty, as after a crash without persistence. Needs redis-server and redis-cli 7 on the PATH.
export class PrivateRedisCluster {
  private readonly procs = new Map<number, ChildProcess>();

  private constructor(
    readonly ports: number[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<PrivateRedisCluster> {
    const cluster = new PrivateRedisCluster([], mkdtempSync(join(tmpdir(), 'tandem-redis-cluster-')));
    // A node whose port (or bus port) was taken between our check and its bind exits at once:
    // it is replaced by a node on another port, a few times.
    for (let tries = 0; cluster.ports.length < masters; tries++) {
      const port = await serverPort(cluster.ports, [10_000]);
      try {
        await cluster.startNode(port);
        cluster.ports.push(port);
      } catch (error) {
        if (tries >= 5) throw error;
      }
    }
    const ports = cluster.ports;
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

  // The port of the master that serves `slot`, from the cluster's slot map (read once: these
  // suites move no slots).
  async portOfSlot(slot: number): Promise<number> {
    this.slotMap ??= this.readSlotMap();
    const owner = (await this.slotMap).find((r) => slot >= r.from && slot <= r.to);
    if (!owner) throw new Error(`no master serves slot ${slot}`);
    return owner.port;
  }

  private slotMap?: Promise<{ from: number; to: number; port: number }[]>;

  // CLUSTER NODES lines: "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <state> <slots...>".
  private async readSlotMap(): Promise<{ from: number; to: number; port: number }[]> {
    const ranges: { from: number; to: number; port: number }[] = [];
    for (const line of (await this.cli(this.ports[0]!, 'cluster', 'nodes')).split('\n')) {
      const fields = line.split(' ');
      if (!fields[2]?.includes('master')) continue;
      const port = Number(/:(\d+)@/.exec(fields[1] ?? '')?.[1]);
      for (const r of fields.slice(8)) {
        if (r.startsWith('[')) continue; // a slot being migrated
        const [from, to] = r.split('-').map(Number);
        ranges.push({ from: from!, to: to ?? from!, port });
      }
    }
    return ranges;
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

  // Resolves once the node accepts connections; rejects with its output if it exits first.
  private async startNode(port: number): Promise<void> {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, `nodes-${port}.conf`),
        '--cluster-node-timeout', '2000', '--cluster-require-full-coverage', 'no', '--dir', this.dir, '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.procs.set(port, proc);
    let output = '';
    proc.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
    proc.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
    const deadline = Date.now() + 10_000;
    // Probed by connecting: a probe that listened on the port could take it from redis-server.
    while (!(await accepts(port))) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`redis-server on ${port} exited (code ${proc.exitCode}): ${output.trim()}`);
      if (Date.now() > deadline) {
        await this.kill(port);
        throw new Error(`Timed out after 10000 ms waiting for redis-server on ${port}: ${output.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
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
