// Server-side cost read straight from /proc (Linux), the way pidusage does: CPU as utime+stime
// ticks over a window, RSS from VmRSS. Targets run as their own child processes so this is theirs.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// USER_HZ is 100 on every Linux that Node supports; /proc/<pid>/stat counts in it.
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces or parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, i.e. 11 and 12 after "state".
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

// Processes whose command line contains every one of the given fragments (e.g. the Postgres
// backends serving the bench database).
export function pidsMatching(...fragments: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (fragments.every((f) => cmd.includes(f))) pids.push(Number(entry));
    } catch {
      // The process ended while we listed /proc.
    }
  }
  return pids;
}

// CPU use of a group of processes over a window, in percent of one core (200% = both cores).
export class CpuMeter {
  private startTicks = new Map<number, number>();
  private startedAt = 0;

  constructor(private readonly pids: () => number[]) {}

  start(): void {
    this.startTicks.clear();
    for (const pid of this.pids()) this.startTicks.set(pid, cpuTicks(pid));
    this.startedAt = performance.now();
  }

  stop(): number {
    const seconds = (performance.now() - this.startedAt) / 1000;
    let ticks = 0;
    // Processes that appeared during the window (new Postgres backends) count from zero.
    for (const pid of this.pids()) ticks += cpuTicks(pid) - (this.startTicks.get(pid) ?? 0);
    return seconds > 0 ? (ticks / TICKS_PER_SECOND / seconds) * 100 : 0;
  }
}

// Where target processes write their memory after a forced collection (see heap-probe.ts). Set in
// the bench's environment, so every process it starts inherits the probe.
// The built probe (dist/), also when this module runs from src/ under Jest.
const HEAP_PROBE = fileURLToPath(new URL('../dist/heap-probe.js', import.meta.url));
export const HEAP_DIR = mkdtempSync(join(tmpdir(), 'tandem-bench-heap-'));
process.on('exit', () => rmSync(HEAP_DIR, { recursive: true, force: true }));
process.env.BENCH_HEAP_DIR = HEAP_DIR;
process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--expose-gc', `--import=${HEAP_PROBE}`].filter(Boolean).join(' ');

export interface SettledMemory {
  rss: number;
  // JS heap in use plus memory held outside it (Buffers): what the process retains.
  heap: number;
}

// Memory of the given processes right after a full garbage collection in each.
export async function settledMemory(pids: readonly number[]): Promise<SettledMemory> {
  const total: SettledMemory = { rss: 0, heap: 0 };
  for (const pid of pids) {
    const file = join(HEAP_DIR, `${pid}.json`);
    rmSync(file, { force: true });
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 10_000;
    while (!existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`process ${pid} did not report its memory (is heap-probe preloaded?)`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The file may be seen before it is fully written.
    let usage: NodeJS.MemoryUsage | undefined;
    for (let i = 0; i < 50 && !usage; i++) {
      try {
        usage = JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    if (!usage) throw new Error(`process ${pid} wrote an unreadable memory report`);
    total.rss += usage.rss;
    total.heap += usage.heapUsed + usage.external;
  }
  return total;
}
