// `npm run restore -- DIR [--uploads DIR] [--replay-unpersisted]`: restores a backup made by
// `npm run backup` into an EMPTY database (DATABASE_URL; created if missing), then applies the
// migrations newer than the backup. Refuses a database that has tables: drop it or name a new one.
// The uploads go to --uploads, else STORAGE_LOCAL_DIR (as the server resolves it). With --replay-unpersisted, edits the
// backup recorded as not yet persisted are appended to the pages' Redis streams (REDIS_URL,
// REDIS_PREFIX) for the worker to persist. Stop the server and worker first; start them after.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { migrate } from './db-migrate.mjs';
import { applyDefaults, loadDotEnv, LOCAL_DEFAULTS } from './lib/env.mjs';
import { ensureDatabase } from './lib/migrate-fallback.mjs';
import { compareStreamIds, copyTree, parseArgs, pgTool, readJson, uploadsDir } from './lib/backup.mjs';

export async function restore(dir, options = {}, log = console.log) {
  const from = resolve(dir);
  if (!existsSync(join(from, 'manifest.json'))) throw new Error(`${from} is not a Tandem backup (no manifest.json)`);
  const manifest = readJson(join(from, 'manifest.json'));
  const url = process.env.DATABASE_URL;
  await ensureDatabase(url, log);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    if (rows[0].n > 0) throw new Error(`The database ${new URL(url).pathname.slice(1)} is not empty (${rows[0].n} tables): restore into an empty database (drop it, or set DATABASE_URL to a new one).`);
  } finally {
    await db.end();
  }
  pgTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', url, join(from, manifest.database.file)]);
  log(`database restored (${manifest.database.pages} pages, ${manifest.database.versions} versions, taken ${manifest.createdAt})`);
  await migrate(log);

  if (manifest.uploads) {
    const target = uploadsDir(options.uploads);
    if (!target) log('warning: the backup has uploads but the storage driver is s3 (pass --uploads DIR to copy them somewhere): they were not restored');
    else {
      const { files } = copyTree(join(from, manifest.uploads.dir), target);
      log(`uploads restored to ${target} (${files} file(s))`);
    }
  }
  if (manifest.unpersisted) {
    if (options['replay-unpersisted']) log(`${await replayUnpersisted(join(from, manifest.unpersisted.file))} unpersisted edit(s) appended to Redis for the worker`);
    else log(`note: ${manifest.unpersisted.entries} edit(s) were not yet persisted when the backup ran; --replay-unpersisted appends them to Redis`);
  }
}

// Appends each recorded entry under its own id (XADD with an explicit id), skipping those the
// stream already has or is past: re-applying a Yjs update is a no-op anyway.
async function replayUnpersisted(file) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL);
  const prefix = process.env.REDIS_PREFIX ?? 'tandem';
  let n = 0;
  try {
    for (const page of readJson(file)) {
      const key = `${prefix}:{page:${page.pageId}}:updates`;
      const [last] = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
      for (const e of page.entries) {
        if (last && compareStreamIds(e.id, last[0]) <= 0) continue;
        await redis.xadd(key, e.id, 'u', Buffer.from(e.update, 'base64'), ...(e.authorId ? ['a', e.authorId] : []));
        n++;
      }
    }
  } finally {
    redis.disconnect();
  }
  return n;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  applyDefaults(LOCAL_DEFAULTS);
  const args = parseArgs(process.argv.slice(2));
  if (!args._[0]) {
    console.error('usage: npm run restore -- <backup directory> [--uploads DIR] [--replay-unpersisted]');
    process.exit(2);
  }
  restore(args._[0], args).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
