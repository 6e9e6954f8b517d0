// Preloaded into Tandem's processes by `--profile <dir>` (NODE_OPTIONS=--import=...), because Node
// refuses --cpu-prof in NODE_OPTIONS. Profiles the whole life of the process through the inspector
// and writes a .cpuprofile (Chrome DevTools / speedscope format) when it exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // A main-thread inspector session answers synchronously, so this completes before exiting.
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `${process.argv[1]?.split('/').pop() ?? 'node'}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  // At SIGTERM too: a process that takes too long to shut down is killed before 'exit'.
  process.prependListener('SIGTERM', write);
  process.on('exit', write);
}
