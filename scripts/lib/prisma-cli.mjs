// Runs the Prisma CLI. Prisma downloads a schema-engine binary before migrate/generate/studio;
// where that download is impossible (offline machines, this project's CI), `generate` and
// `studio` work with PRISMA_SCHEMA_ENGINE_BINARY pointing at any executable because neither uses
// the engine, and `migrate deploy` falls back to lib/migrate-fallback.mjs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './env.mjs';

const prismaBin = join(root, 'node_modules', '.bin', 'prisma');
const ENGINE_FETCH_FAILED = /binaries\.prisma\.sh|schema-engine.*(download|fetch)|ENOTFOUND|EAI_AGAIN|ECONNREFUSED.*prisma/i;

export function runPrisma(args, { capture = false, env = {} } = {}) {
  const res = spawnSync(prismaBin, args, {
    cwd: root,
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...env },
    encoding: 'utf8',
    stdio: capture ? 'pipe' : 'inherit',
  });
  return { status: res.status ?? 1, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

export function engineUnavailable(output) {
  return ENGINE_FETCH_FAILED.test(output);
}

// For the commands that never touch the engine: try plainly, and only if the engine download
// fails, run again with a stand-in binary.
export function runPrismaWithoutEngine(args) {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return runPrisma(args).status;
  const first = runPrisma(args, { capture: true });
  if (first.status === 0 || !engineUnavailable(first.output)) {
    process.stdout.write(first.output);
    return first.status;
  }
  return runPrisma(args, { env: { PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true' } }).status;
}
