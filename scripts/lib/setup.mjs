// The set-up shared by `npm start` and `npm test`: dependencies, services, database, Prisma client.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

// True when `dir`'s node_modules is at least as new as its lock file AND holds every dependency
// the root package.json names, devDependencies included: a node_modules left by a production
// install (no turbo, typescript, prisma) is as good as none for building.
export function dependenciesInstalled(dir = root) {
  const marker = join(dir, 'node_modules', '.package-lock.json');
  const lock = join(dir, 'package-lock.json');
  if (!existsSync(marker) || !existsSync(lock) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) return false;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  return names.every((name) => existsSync(join(dir, 'node_modules', name, 'package.json')));
}

// The environment npm install runs with. Builds need devDependencies (turbo, typescript, prisma),
// and npm leaves them out when NODE_ENV=production or npm_config_omit/production say so — which a
// deploy shell or `npm start` itself may have set. Both the flag and the cleaned environment make
// sure they are installed whatever the caller's environment.
export function installEnv(env = process.env) {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (/^npm_config_(omit|only|production|include)$/i.test(key)) delete clean[key];
  }
  delete clean.NODE_ENV;
  return clean;
}

// Installs when node_modules is missing, older than the lock file or incomplete. `npm install`, not
// `npm ci`: npm leaves other platforms' optional packages (turbo's, swc's) out of a lock file
// written on Linux (npm/cli#4828), and `npm ci` then refuses that lock on every machine.
// `npm install` still installs the locked versions.
export function ensureDependencies(dir = root) {
  if (dependenciesInstalled(dir)) return;
  step('Installing dependencies (npm install)');
  run('npm', ['install', '--include=dev', '--no-audit', '--no-fund'], { cwd: dir, env: installEnv() });
}

export async function prepare({ resetDatabase = false } = {}) {
  ensureDependencies();
  step('Checking Postgres and Redis');
  await ensureServices((m) => console.log(m));
  await migrateDatabase(process.env.DATABASE_URL, { reset: resetDatabase });
}

// Migrates the database at `url` (emptied first with `reset`), whatever DATABASE_URL says.
export async function migrateDatabase(url, { reset = false } = {}) {
  const { migrate } = await import('../db-migrate.mjs');
  if (reset) {
    const { recreateDatabase } = await import('./migrate-fallback.mjs');
    await recreateDatabase(url);
  }
  step(`Migrating ${new URL(url).pathname.slice(1)}`);
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    await migrate((m) => console.log(m));
  } finally {
    process.env.DATABASE_URL = saved;
  }
}
