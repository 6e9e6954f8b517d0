import type { PageSharesResponse, PageTreeResponse, ShareLinksResponse, VersionListResponse } from '@tandem/protocol';
import { repoRoot } from '@tandem/testkit';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { api, collabEnv, CollabWorld, persistedText, savedAll, signUp, synced, type TestUser } from './support/collab/fixtures.js';

// The restore drill (issue 19): content made through the API and a socket on a database of its
// own, `npm run backup` (taken while an edit is still on its way to Postgres), the database dropped,
// `npm run restore` into the empty database, and a new server + worker (on a fresh Redis namespace:
// the backup alone must be enough) serving every page, version, share and link again, and the
// uploads store copied back.

const run = promisify(execFile);
const DRILL_DB = `${new URL(process.env.DATABASE_URL!).pathname.slice(1)}_restore_drill`;
const drillUrl = (() => {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${DRILL_DB}`;
  return u.toString();
})();

async function maintenance<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = '/postgres';
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const dropDrillDb = () => maintenance((c) => c.query(`DROP DATABASE IF EXISTS "${DRILL_DB}" WITH (FORCE)`));

async function script(name: 'backup' | 'restore' | 'db-migrate', args: string[], env: Record<string, string>): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [join(repoRoot, 'scripts', `${name}.mjs`), ...args], { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
  return `${stdout}${stderr}`;
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const sharesOf = (r: PageSharesResponse) => [...r.shares.map((s) => [s.userId, s.role]), ...r.pending.map((p) => [p.email, p.role, 'pending'])];

describe('restore drill', () => {
  const work = mkdtempSync(join(tmpdir(), 'tandem-drill-'));
  const uploads = join(work, 'uploads');
  const restoredUploads = join(work, 'uploads-restored');
  const backupDir = join(work, 'backup');
  let world: CollabWorld | null = null;
  let restored: CollabWorld | null = null;

  beforeAll(async () => {
    await dropDrillDb();
    await script('db-migrate', [], { DATABASE_URL: drillUrl });
    // An uploads store with a nested file, as the files module keeps them.
    mkdirSync(join(uploads, 'ab', 'cd'), { recursive: true });
    writeFileSync(join(uploads, 'ab', 'cd', 'diagram.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  });

  afterAll(async () => {
    await world?.close().catch(() => undefined);
    await restored?.close();
    await dropDrillDb();
    rmSync(work, { recursive: true, force: true });
  });

  it('brings back every page, version, share and link, and the app serves them', async () => {
    world = await CollabWorld.open(collabEnv({ DATABASE_URL: drillUrl }));
    const url = world.serverUrl();
    const owner = world.owner;
    const ws = world.workspaceId;
    const reader: TestUser = await signUp(url, 'Reader');
    // A verified address gets a share at once (an unverified one a pending share).
    await world.prisma.user.update({ where: { id: reader.id }, data: { emailVerifiedAt: new Date() } });
    // Through the API: a page, a child, a named version, a share, a link.
    const created = await json<{ id: string }>(await api(url, owner, 'POST', `/workspaces/${ws}/pages`, { title: 'Runbook' }));
    const child = await json<{ id: string }>(await api(url, owner, 'POST', `/workspaces/${ws}/pages`, { title: 'Child notes', parentId: created.id }));
    const version = await json<{ id: string }>(await api(url, owner, 'POST', `/pages/${created.id}/versions`, { name: 'Before the drill' }));
    await json(await api(url, owner, 'PUT', `/pages/${created.id}/shares`, { email: reader.email, role: 'commenter' }));
    const link = await json<{ id: string; token: string }>(await api(url, owner, 'POST', `/pages/${created.id}/links`, {}));
    // Through a socket: edits to the child, the last one still unsaved when the backup starts.
    const client = await world.client(child.id);
    await synced(client);
    client.insert(0, 'typed through a socket');
    await savedAll(client);
    client.insert(0, 'and one more edit; ');
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no ack')), 10_000);
      const check = () => (client.provider.pending === 0 ? (clearTimeout(t), resolve()) : setTimeout(check, 20));
      check();
    });

    const before = {
      tree: (await json<PageTreeResponse>(await api(url, owner, 'GET', `/workspaces/${ws}/pages`))).pages.map((p) => [p.id, p.title, p.parentId]).sort(),
      versions: (await json<VersionListResponse>(await api(url, owner, 'GET', `/pages/${created.id}/versions`))).versions.map((v) => [v.id, v.kind, v.name]),
      shares: sharesOf(await json<PageSharesResponse>(await api(url, owner, 'GET', `/pages/${created.id}/shares`))),
      links: (await json<ShareLinksResponse>(await api(url, owner, 'GET', `/pages/${created.id}/links`))).links.map((l) => l.id),
    };
    expect(before.versions.map((v) => v[0])).toContain(version.id);
    expect(before.shares).toEqual([[reader.id, 'commenter']]);
    expect(before.links).toEqual([link.id]);

    const t0 = Date.now();
    const out = await script('backup', ['--out', backupDir, '--uploads', uploads], { DATABASE_URL: drillUrl, REDIS_PREFIX: world.stack.baseEnv().REDIS_PREFIX! });
    expect(out).toContain('backup written to');
    // The backup waited for the last edit to be persisted: nothing recorded as unpersisted.
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest.unpersisted).toBeNull();
    expect(existsSync(join(backupDir, 'unpersisted.json'))).toBe(false);
    expect(manifest.database.pages).toBe(before.tree.length);
    expect(manifest.database.migrations.length).toBeGreaterThan(0);
    expect(manifest.uploads).toMatchObject({ files: 1, bytes: 7 });
    const childText = await persistedText(world.prisma, child.id);
    expect(childText).toBe('and one more edit; typed through a socket');
    const stateOf = async (prisma: CollabWorld['prisma'], pageId: string) => Buffer.from((await prisma.document.findUniqueOrThrow({ where: { pageId } })).state).toString('base64');
    const runbookState = await stateOf(world.prisma, created.id);

    // Disaster: the processes stop and the database is gone.
    await world.close();
    world = null;
    await dropDrillDb();

    // A restore refuses a database that is not empty.
    await maintenance((c) => c.query(`CREATE DATABASE "${DRILL_DB}"`));
    await maintenance(async () => {
      const c = new pg.Client({ connectionString: drillUrl });
      await c.connect();
      await c.query('CREATE TABLE leftover (id int)');
      await c.end();
    });
    await expect(script('restore', [backupDir], { DATABASE_URL: drillUrl, STORAGE_LOCAL_DIR: restoredUploads })).rejects.toThrow(/is not empty/);
    await dropDrillDb();

    const log = await script('restore', [backupDir], { DATABASE_URL: drillUrl, STORAGE_LOCAL_DIR: restoredUploads });
    expect(log).toContain('database restored');
    console.log(`restore drill: backup + drop + restore in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    expect(log).toContain('uploads restored');
    expect(readFileSync(join(restoredUploads, 'ab', 'cd', 'diagram.png'))).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));

    // A new server and worker, on a Redis namespace that never saw these pages.
    restored = await CollabWorld.open(collabEnv({ DATABASE_URL: drillUrl }));
    const url2 = restored.serverUrl();
    // The owner's session is in the database: the same account, signed in as before.
    const after = {
      tree: (await json<PageTreeResponse>(await api(url2, owner, 'GET', `/workspaces/${ws}/pages`))).pages.map((p) => [p.id, p.title, p.parentId]).sort(),
      versions: (await json<VersionListResponse>(await api(url2, owner, 'GET', `/pages/${created.id}/versions`))).versions.map((v) => [v.id, v.kind, v.name]),
      shares: sharesOf(await json<PageSharesResponse>(await api(url2, owner, 'GET', `/pages/${created.id}/shares`))),
      links: (await json<ShareLinksResponse>(await api(url2, owner, 'GET', `/pages/${created.id}/links`))).links.map((l) => l.id),
    };
    expect(after).toEqual(before);
    // The version still opens; the share still lets the reader in; the public link still works.
    expect((await api(url2, owner, 'GET', `/pages/${created.id}/versions/${version.id}`)).status).toBe(200);
    expect((await api(url2, reader, 'GET', `/pages/${created.id}`)).status).toBe(200);
    expect((await fetch(`${url2}/share/${link.token}`)).status).toBe(200);
    // The documents: served over a socket with every acknowledged edit, and in Postgres.
    expect(await stateOf(restored.prisma, created.id)).toBe(runbookState);
    // As the original owner (CollabWorld.open signed up a new person of its own).
    const reopened = await restored.client(child.id, { user: owner });
    await synced(reopened).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}; client errors ${JSON.stringify(reopened.errors)}\n${restored!.stack.servers[0]!.recentOutput()}`);
    });
    expect(reopened.text()).toBe('and one more edit; typed through a socket');
    // And it is a working workspace again: an edit after the restore is saved.
    reopened.insert(0, 'after restore: ');
    await savedAll(reopened);
    expect(await persistedText(restored.prisma, child.id)).toBe('after restore: and one more edit; typed through a socket');
  }, 240_000);
});
