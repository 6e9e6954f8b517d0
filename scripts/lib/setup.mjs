// The set-up shared by `npm start` and `npm test`: dependencies, services, database, Prisma client.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './env.mjs';
import { ensureServices } from './services.mjs';

export function step(title) {
  console.log(`\n\x1b[1m▸ ${title}\x1b[0m`);
}

export function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed${res.status === null ? ` (${res.signal})` : ` with exit code ${res.status}`}`);
  }
}

// Installs when node_modules is missing or older than the lock file. `npm install`, not `npm ci`:
// npm leaves other platforms' optional packages (turbo's, swc's) out of a lock file written on
// Linux (npm/cli#4828), and `npm ci` then refuses that lock on every machine. `npm install` still
// installs the locked versions.
export function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  step('Installing dependencies (npm install)');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

export async function prepare({ resetDatabase = false } = {}) {
  ensureDependencies();
  step('Checking Postgres and Redis');
  await ensureServices((m) => console.log(m));
  const { migrate } = await import('../db-migrate.mjs');
  if (resetDatabase) {
    const { recreateDatabase } = await import('./migrate-fallback.mjs');
    await recreateDatabase(process.env.DATABASE_URL);
  }
  step(`Migrating ${new URL(process.env.DATABASE_URL).pathname.slice(1)}`);
  await migrate((m) => console.log(m));
}
