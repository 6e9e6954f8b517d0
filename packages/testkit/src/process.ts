import { spawn, type ChildProcess } from 'node:child_process';

// What Node prints for an error nothing caught (the process then dies, or — with a handler that only
// logs — lives on in an unknown state): either way the suite must fail, not time out or pass.
const UNCAUGHT = /uncaught ?exception|unhandled ?(promise ?)?rejection|^Uncaught\b|^Node\.js v\d+\.\d+/i;

// Every process started in this test file that should be running, so `waitUntil` can fail at once
// when one of them died instead of waiting out its timeout.
const managed = new Set<ManagedProcess>();

// A child process we can kill -9 and start again with the same command, keeping its recent output
// for the failure message when it dies unexpectedly.
export class ManagedProcess {
  private proc?: ChildProcess;
  private output: string[] = [];
  private partialLine = '';
  // False once we stop it ourselves: only an exit while this is true is a crash.
  private meantToRun = false;
  private crash?: string;
  // Lines that report an uncaught error, over every start of this process.
  readonly uncaughtErrors: string[] = [];

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {}

  start(): void {
    this.output = [];
    this.partialLine = '';
    this.crash = undefined;
    this.meantToRun = true;
    managed.add(this);
    const proc = spawn(this.command, this.args, { ...this.options, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      this.output.push(text);
      if (this.output.length > 200) this.output.shift();
      if (process.env.TANDEM_TEST_VERBOSE) process.stderr.write(`[${this.name}] ${chunk}`);
      const lines = (this.partialLine + text).split('\n');
      this.partialLine = lines.pop() ?? '';
      for (const line of lines) if (UNCAUGHT.test(line.trim())) this.uncaughtErrors.push(line.trim());
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    proc.once('exit', (code, signal) => {
      if (this.proc === proc && this.meantToRun) this.crash = `${this.name} exited on its own (code ${code}, signal ${signal})`;
    });
    this.proc = proc;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  // Why the process is down when nobody stopped it, or undefined.
  get crashed(): string | undefined {
    return this.crash;
  }

  recentOutput(lines = 40): string {
    return this.output.join('').split('\n').slice(-lines).join('\n').slice(-4000);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
    this.meantToRun = false;
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

// Throws if a managed process that should be running exited, with its last log lines.
export function assertNoCrashedProcess(context: string): void {
  for (const p of managed) {
    if (p.crashed) throw new Error(`${p.crashed} while waiting for ${context}. Its last output:\n${p.recentOutput()}`);
  }
}

// Forget processes that were stopped (a suite's stack is done with them).
export function forgetStopped(processes: ManagedProcess[]): void {
  for (const p of processes) if (!p.running) managed.delete(p);
}
