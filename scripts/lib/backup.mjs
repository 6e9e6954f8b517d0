// Shared by `npm run backup` and `npm run restore` (scripts/backup.mjs, scripts/restore.mjs), and
// the restore drill (apps/server/test/restore-drill.e2e-spec.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root } from './env.mjs';

// Where uploaded files live (issue 16's local storage driver): --uploads, else STORAGE_LOCAL_DIR
// (default ./data/files), relative to the server's working directory (apps/server) as the server
// reads it. With STORAGE_DRIVER=s3 the files are in a bucket, backed up by the bucket's own means
// (versioning, replication): null unless --uploads names a directory.
export function uploadsDir(flag) {
  if (flag) return resolve(flag);
  if (process.env.STORAGE_DRIVER === 's3') return null;
  return resolve(join(root, 'apps', 'server'), process.env.STORAGE_LOCAL_DIR ?? './data/files');
}

// `--name value` and `--flag` arguments, plus the positional ones.
export function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) out._.push(a);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
    else out[a.slice(2)] = true;
  }
  return out;
}

// Runs a Postgres client tool; throws with its output when it fails.
export function pgTool(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.error) throw new Error(`${cmd} could not run (${res.error.message}): install the PostgreSQL client tools (apt-get install postgresql-client), the same major version as the server or newer.`);
  if (res.status !== 0) throw new Error(`${cmd} failed:\n${res.stderr || res.stdout}`);
  return res.stdout;
}

// A stream id ("1712345678901-3") compared to another: negative, 0 or positive.
export function compareStreamIds(a, b) {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}

const PAGE_ID = /^[0-9a-f-]{36}$/;

// Pages whose Redis stream holds entries the database does not have yet (the worker's own test,
// as backlog recovery does): the stream's last id is after the row's persistedUpTo. Pages that no
// longer exist are left out (their streams are the sweeper's).
export async function unpersistedPages(redis, db, prefix) {
  // `<prefix>:{page:<id>}:updates` (the page's hash tag: docs/DECISIONS.md, "Redis Cluster").
  const head = `${prefix}:{page:`;
  const tail = '}:updates';
  const last = new Map();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${head}*${tail}`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const pageId = key.slice(head.length, -tail.length);
      if (!PAGE_ID.test(pageId)) continue;
      const [entry] = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
      if (entry) last.set(pageId, entry[0]);
    }
  } while (cursor !== '0');
  if (last.size === 0) return [];
  const { rows } = await db.query('SELECT p.id, d."persistedUpTo" FROM "Page" p LEFT JOIN "Document" d ON d."pageId" = p.id WHERE p.id = ANY($1::uuid[])', [[...last.keys()]]);
  return rows
    .filter((r) => !r.persistedUpTo || compareStreamIds(last.get(r.id), r.persistedUpTo) > 0)
    .map((r) => ({ pageId: r.id, persistedUpTo: r.persistedUpTo ?? null, lastId: last.get(r.id) }));
}

// The entries after persistedUpTo of each page, as base64 (recorded beside a backup taken while
// some were not persisted; `npm run restore -- --replay-unpersisted` appends them again).
export async function unpersistedEntries(redis, prefix, pages) {
  const out = [];
  for (const p of pages) {
    const rows = await redis.xrangeBuffer(`${prefix}:{page:${p.pageId}}:updates`, p.persistedUpTo ? `(${p.persistedUpTo}` : '-', '+');
    const entries = rows.map(([id, fields]) => {
      const f = {};
      for (let i = 0; i < fields.length; i += 2) f[fields[i].toString()] = fields[i + 1];
      return { id: id.toString(), update: f.u?.toString('base64') ?? '', authorId: f.a?.toString() ?? null };
    });
    out.push({ pageId: p.pageId, persistedUpTo: p.persistedUpTo, entries });
  }
  return out;
}

// Copies a directory tree; returns how many files and bytes.
export function copyTree(from, to) {
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true, force: true, preserveTimestamps: true });
  return treeSize(to);
}

export function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  if (!existsSync(dir)) return { files, bytes };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return { files, bytes };
}

export const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
export const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
