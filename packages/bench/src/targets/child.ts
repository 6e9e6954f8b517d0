import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedProcess, freePort, waitUntil } from '@tandem/testkit';

export const benchDir = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// A target server in its own process on a free loopback port, so its CPU and RSS are measurable
// apart from the load generator's.
export class ChildServer {
  process?: ManagedProcess;
  port = 0;

  constructor(
    private readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    this.port = await freePort();
    this.process = new ManagedProcess(this.name, process.execPath, [this.script], {
      cwd: benchDir,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(this.port), NODE_ENV: 'production', ...this.env },
    });
    this.process.start();
    const proc = this.process;
    try {
      await waitUntil(this.name, async () => {
        if (!proc.running) throw new Error('exited');
        return portOpen(this.port);
      }, 30_000);
    } catch (err) {
      throw new Error(`${this.name} did not start: ${(err as Error).message}\n${proc.recentOutput()}`, { cause: err });
    }
  }

  get pid(): number[] {
    return this.process?.pid ? [this.process.pid] : [];
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }
}

// A target that is one child server process holding every socket, with page ids of its choosing:
// the common part of the floor, Hocuspocus and y-websocket targets.
export abstract class ChildServerTarget {
  abstract readonly name: string;
  protected readonly server: ChildServer;

  constructor(name: string, env: Record<string, string> = {}) {
    this.server = new ChildServer(name, join(benchDir, 'dist', 'servers', `${name}.js`), env);
  }

  start(): Promise<void> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  serverPids(): number[] {
    return this.server.pid;
  }

  socketPids(): number[] {
    return this.server.pid;
  }

  // The server's WebSocket address (Yjs providers connect to it).
  protected get wsUrl(): string {
    return `ws://127.0.0.1:${this.server.port}`;
  }

  async newPage(): Promise<string> {
    return randomUUID();
  }
}
