// Runs the Prisma CLI. Prisma downloads a schema-engine binary before migrate/generate/studio;
// where that download is impossible (offline machines, this project's CI), `generate` and
// `studio` work with PRISMA_SCHEMA_ENGINE_BINARY pointing at any executable because neither uses
// the engine, and `migrate deploy` falls back to lib/migrate-fallback.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './env.mjs';

const prismaBin = join(root, 'node_modules', '.bin', 'prisma');
const ENGINE_FETCH_FAILED = /binaries\.prisma\.sh|schema-engine.*(download|fetch)|ENOTFOUND|EAI_AGAIN|ECONNREFUSED.*prisma/i;

function prismaEnv(env) {
  return { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...env };
}

export function runPrisma(args, { capture = false, env = {} } = {}) {
  const res = spawnSync(prismaBin, args, { cwd: root, env: prismaEnv(env), encoding: 'utf8', stdio: capture ? 'pipe' : 'inherit' });
  return { status: res.status ?? 1, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

export function engineUnavailable(output) {
  return ENGINE_FETCH_FAILED.test(output);
}

// Runs the CLI with its output streamed as it comes (Studio prints its URL and then runs until
// stopped, so output held until exit would never be seen), keeping the last few KB to recognise a
// failed engine download. SIGINT/SIGTERM reach the child, and we exit when it has.
function streamPrisma(args, env) {
  return new Promise((resolve) => {
    const child = spawn(prismaBin, args, { cwd: root, env: prismaEnv(env), stdio: ['inherit', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-8192));
    child.stdout.on('data', (c) => (process.stdout.write(c), keep(c)));
    child.stderr.on('data', (c) => (process.stderr.write(c), keep(c)));
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve({ status: code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1), output: tail });
    });
  });
}

// For the commands that never touch the engine: try plainly, and only if the engine download
// fails, run again with a stand-in binary.
export async function runPrismaWithoutEngine(args) {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return (await streamPrisma(args, {})).status;
  const first = await streamPrisma(args, {});
  if (first.status === 0 || !engineUnavailable(first.output)) return first.status;
  console.error("Prisma's schema engine can't be fetched here; running again without it.");
  return (await streamPrisma(args, { PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true' })).status;
}
