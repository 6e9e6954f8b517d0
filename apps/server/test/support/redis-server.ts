import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { accepts, serverPort } from '@tandem/testkit';

// A private redis-server for suites that stop Redis on purpose (never the shared one). Its port is
// kept out of the ephemeral range (serverPort): with a freePort() port, another lane's server or an
// outgoing connection could take it before redis-server bound it, and the suite's app then talked
// to that instead ("Connection is closed." in a fresh-clone CI run).
export class PrivateRedis {
  private proc?: ChildProcess;
  private output = '';
  constructor(readonly port: number) {}

  // A redis-server whose port was taken between the check and its bind exits at once: it is
  // started again on another port, a few times.
  static async start(): Promise<PrivateRedis> {
    for (let tries = 1; ; tries++) {
      const r = new PrivateRedis(await serverPort());
      try {
        await r.start();
        return r;
      } catch (error) {
        await r.stop();
        if (tries >= 5) throw error;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  // Resolves once this process answers PING on the port; rejects with its output if it exits first.
  async start(): Promise<void> {
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    this.output = '';
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-2000));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    for (let i = 0; i < 100; i++) {
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      // Something else on the port would accept too: only our process, alive, answering PONG counts.
      if ((await accepts(this.port)) && (await this.pong()) && proc.exitCode === null) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port} (exit ${proc.exitCode}): ${this.output.trim()}`);
  }

  private pong(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(this.port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
      socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
      socket.once('error', () => resolve(false));
    });
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    // Already stopped (a killed process has a signalCode and no exitCode): 'exit' will not come again.
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}
