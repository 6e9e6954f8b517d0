// `npm run db:migrate`: creates the database if needed, then `prisma migrate deploy` where Prisma's
// schema engine is available, otherwise the fallback that records migrations exactly as Prisma does.
// TANDEM_MIGRATOR=prisma|fallback forces one.
import { join } from 'node:path';
import { applyDefaults, loadDotEnv, LOCAL_DEFAULTS, root } from './lib/env.mjs';
import { ensureDatabase, applyMigrations } from './lib/migrate-fallback.mjs';
import { engineUnavailable, runPrisma } from './lib/prisma-cli.mjs';

export async function migrate(log = console.log) {
  const url = process.env.DATABASE_URL;
  await ensureDatabase(url, log);
  const forced = process.env.TANDEM_MIGRATOR;
  if (forced !== 'fallback') {
    const res = runPrisma(['migrate', 'deploy'], { capture: true });
    if (res.status === 0) {
      log(res.output.trim().split('\n').at(-1));
      return;
    }
    if (forced === 'prisma' || !engineUnavailable(res.output)) throw new Error(`prisma migrate deploy failed:\n${res.output}`);
    log("Prisma's schema engine can't be fetched here; applying migrations with the fallback migrator");
  }
  const n = await applyMigrations(url, join(root, 'prisma', 'migrations'), log);
  log(n ? `${n} migration(s) applied` : 'database is up to date');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  applyDefaults(LOCAL_DEFAULTS);
  migrate().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
