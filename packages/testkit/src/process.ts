import { spawn, type ChildProcess } from 'node:child_process';

// A child process we can kill -9 and start again with the same command, keeping its recent output
// for the failure message when it dies unexpectedly.
export class ManagedProcess {
  private proc?: ChildProcess;
  private output: string[] = [];

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {}

  start(): void {
    this.output = [];
    const proc = spawn(this.command, this.args, { ...this.options, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 200) this.output.shift();
      if (process.env.TANDEM_TEST_VERBOSE) process.stderr.write(`[${this.name}] ${chunk}`);
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    this.proc = proc;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  recentOutput(): string {
    return this.output.join('').slice(-4000);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill(signal);
    });
  }

  kill9(): Promise<void> {
    return this.stop('SIGKILL');
  }
}
