// `npm run backup [-- --out DIR] [--uploads DIR] [--wait SECONDS]`: a consistent backup of a Tandem
// deployment into one directory:
//   database.dump     pg_dump, custom format (one snapshot: every table as of the same instant)
//   uploads/          the local uploads store (--uploads, else STORAGE_LOCAL_DIR), when it exists
//   unpersisted.json  edits still only in Redis when the wait ran out (normally absent)
//   manifest.json     what is inside, the migrations it was taken at, counts
// Before dumping it waits (default 30 s) until every page's Redis stream is persisted, so the dump
// holds every acknowledged edit; what is still unpersisted after that is recorded beside it.
// Reads DATABASE_URL, REDIS_URL and REDIS_PREFIX like the server (.env, then local defaults).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { applyDefaults, loadDotEnv, LOCAL_DEFAULTS, root } from './lib/env.mjs';
import { copyTree, parseArgs, pgTool, unpersistedEntries, unpersistedPages, uploadsDir, writeJson } from './lib/backup.mjs';

export async function backup(options = {}, log = console.log) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = resolve(options.out ?? join(root, 'backups', `tandem-${stamp}`));
  const waitMs = Number(options.wait ?? 30) * 1000;
  const prefix = process.env.REDIS_PREFIX ?? 'tandem';
  mkdirSync(out, { recursive: true });

  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let unpersisted = [];
  try {
    await db.connect();
    await redis.connect();
    // 1. Every acknowledged edit into Postgres first: the worker persists within about a second.
    const deadline = Date.now() + waitMs;
    let pending = await unpersistedPages(redis, db, prefix);
    if (pending.length) log(`waiting for ${pending.length} page(s) to be persisted...`);
    while (pending.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      pending = await unpersistedPages(redis, db, prefix);
    }
    if (pending.length) {
      unpersisted = await unpersistedEntries(redis, prefix, pending);
      writeJson(join(out, 'unpersisted.json'), unpersisted);
      log(`warning: ${pending.length} page(s) still had unpersisted edits after ${waitMs / 1000} s (is the worker running?); recorded in unpersisted.json`);
    }
    // 2. The database, as one snapshot.
    const migrations = (await db.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name')).rows.map((r) => r.migration_name);
    const counts = (await db.query('SELECT (SELECT count(*) FROM "Page")::int AS pages, (SELECT count(*) FROM "DocumentVersion")::int AS versions, (SELECT count(*) FROM "Workspace")::int AS workspaces')).rows[0];
    pgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', join(out, 'database.dump'), process.env.DATABASE_URL]);
    // 3. The uploads store.
    const configured = uploadsDir(options.uploads);
    const uploads = configured && existsSync(configured) ? configured : null;
    if (configured && !uploads) log(`no uploads directory at ${configured}: none backed up`);
    if (!configured) log('STORAGE_DRIVER=s3: the files are in the bucket; back it up with the bucket provider (versioning/replication)');
    const files = uploads ? copyTree(uploads, join(out, 'uploads')) : null;
    const manifest = {
      format: 'tandem-backup-1',
      createdAt: new Date().toISOString(),
      database: { file: 'database.dump', format: 'pg_dump custom', migrations, ...counts },
      uploads: uploads ? { dir: 'uploads', source: uploads, ...files } : null,
      unpersisted: unpersisted.length ? { file: 'unpersisted.json', pages: unpersisted.length, entries: unpersisted.reduce((n, p) => n + p.entries.length, 0) } : null,
    };
    writeJson(join(out, 'manifest.json'), manifest);
    log(`backup written to ${out}: ${counts.pages} pages, ${counts.versions} versions${files ? `, ${files.files} upload file(s)` : ''}`);
    return { dir: out, manifest };
  } finally {
    await db.end().catch(() => undefined);
    redis.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  applyDefaults(LOCAL_DEFAULTS);
  backup(parseArgs(process.argv.slice(2))).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
