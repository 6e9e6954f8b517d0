// `npm start`: from a fresh clone, sets up everything and runs web (:3000), server (:4000) and the
// worker together with prefixed logs. Ctrl-C stops all three.
import { applyDefaults, loadDotEnv, LOCAL_DEFAULTS } from './lib/env.mjs';
import { prepare, run, step } from './lib/setup.mjs';

loadDotEnv();
applyDefaults({ ...LOCAL_DEFAULTS, NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1', LOG_PRETTY: 'true' });
const webUrl = 'http://localhost:3000';

try {
  // Set-up first: installing needs the devDependencies (turbo, typescript, prisma) that npm drops
  // under NODE_ENV=production. Only the build and the three processes run as production.
  await prepare();
  process.env.NODE_ENV = 'production';
  step('Building');
  run('npx', ['--no-install', 'turbo', 'run', 'build', '--output-logs=errors-only']);
} catch (err) {
  console.error(`\n\x1b[31m${err.message}\x1b[0m`);
  process.exit(1);
}

step('Starting web, server and worker');
const { default: concurrently } = await import('concurrently');
const { commands, result } = concurrently(
  [
    { name: 'server', command: 'npm run start -w @tandem/server', prefixColor: 'cyan' },
    { name: 'worker', command: 'npm run start:worker -w @tandem/server', prefixColor: 'magenta' },
    { name: 'web', command: 'npm run start -w @tandem/web', prefixColor: 'green' },
  ],
  { killOthersOn: ['failure'], handleInput: false, prefix: '[{name}]', padPrefix: true, killSignal: 'SIGTERM' },
);

// Say where to go once the web app answers.
(async () => {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${webUrl}/api/health`);
      if (res.status < 500 || res.status === 503) {
        console.log(`\n\x1b[1m  Tandem is running at ${webUrl}\x1b[0m  (Ctrl-C to stop)\n`);
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
})();

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping web, server and worker…');
    for (const c of commands) c.kill('SIGTERM');
  });
}
result.then(
  () => process.exit(0),
  () => process.exit(stopping ? 0 : 1),
);
