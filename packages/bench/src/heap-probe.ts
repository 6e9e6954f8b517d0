// Preloaded into every target's server processes (NODE_OPTIONS=--expose-gc --import=...), so W3
// can measure memory that connections retain rather than garbage not yet collected: on SIGUSR2 the
// process runs a full garbage collection and writes its memory usage to BENCH_HEAP_DIR/<pid>.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_HEAP_DIR;
const gc = (globalThis as { gc?: () => void }).gc;
if (dir && gc) {
  process.on('SIGUSR2', () => {
    gc();
    gc();
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(process.memoryUsage()));
  });
}
