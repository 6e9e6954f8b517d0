// Loads .env (if any) and fills the local defaults every script shares, so `npm start` and
// `npm test` work on a fresh clone with nothing configured. Uses only Node built-ins: it runs
// before dependencies are installed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadDotEnv(file = join(root, '.env')) {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const [, key, raw] = m;
    if (process.env[key] !== undefined) continue;
    process.env[key] = raw.replace(/^(['"])(.*)\1$/, '$2');
  }
}

export const LOCAL_DEFAULTS = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/tandem',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
};

// Tests use their own database, Redis database and key prefix so they never touch a developer's
// data. Kept as JSON because the testkit reads the same file (suites run through turbo see only
// the variables turbo passes, so these are what they get).
export const TEST_DEFAULTS = JSON.parse(readFileSync(join(root, 'scripts', 'lib', 'test-services.json'), 'utf8'));

export function applyDefaults(defaults) {
  for (const [k, v] of Object.entries(defaults)) if (!process.env[k]) process.env[k] = v;
}
