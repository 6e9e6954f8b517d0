import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { TransferView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { WorkerModule } from '../src/worker.module.js';
import { applyMigrations } from '../../../scripts/lib/migrate-fallback.mjs';
import { migrationsDir, scratchDatabase } from './support/databases.js';
import { signUp, type TestUser } from './support/accounts.js';
import { png } from './support/images.js';
import { addMember, createPage, createWorkspace, openApi } from './support/world.js';

// Imports and exports as worker jobs (issue 16): started with 202, run by a real worker
// (in-process, on a database and Redis namespace of the suite's own: the worker's sweeps cover its
// whole database), read back by the person who started them only: progress, an import's summary,
// an export's download; a refused import fails the transfer with the reason and creates nothing.

function zip(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) file.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}

function unzipNames(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => {
      if (err || !z) return reject(err ?? new Error('no zip'));
      const names: string[] = [];
      z.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        z.readEntry();
      });
      z.on('end', () => resolve(names.sort()));
      z.on('error', reject);
      z.readEntry();
    });
  });
}

describe('transfers (imports and exports as worker jobs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-transfers-'));
  const saved = { ...process.env };
  let api: Awaited<ReturnType<typeof openApi>>;
  let worker: INestApplicationContext;
  let owner: TestUser;
  let ws: string;

  beforeAll(async () => {
    const db = await scratchDatabase('transfers');
    await db.client.end();
    await applyMigrations(db.url, migrationsDir, () => undefined);
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      STORAGE_DRIVER: 'local',
      STORAGE_LOCAL_DIR: dir,
      MARKDOWN_IMPORT_TIME_LIMIT_MS: '60000',
      SNAPSHOT_EVERY_SECONDS: '3600',
      REDIS_PREFIX: `tandem-test-transfers-${randomBytes(4).toString('hex')}`,
    });
    api = await openApi();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    owner = await signUp(api.app, 'transfers-owner');
    ws = await createWorkspace(api.app, owner);
  });
  afterAll(async () => {
    await worker?.close();
    await api.app.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const finished = async (as: TestUser, id: string): Promise<TransferView> => {
    let view: TransferView | undefined;
    await waitUntil(`transfer ${id} finishes`, async () => {
      view = (await api.http.get(`/transfers/${id}`).set('Authorization', as.bearer).expect(200)).body as TransferView;
      return view.status === 'done' || view.status === 'failed';
    });
    return view!;
  };
  const startImport = (as: TestUser, bytes: Buffer, name: string) => api.http.post(`/workspaces/${ws}/import-jobs`).set('Authorization', as.bearer).attach('file', bytes, name);
  // What an import's upload left in storage (the workspace's folder): only uploaded files' bytes.
  const stored = () => (existsSync(join(dir, ws)) ? readdirSync(join(dir, ws)) : []);

  it('imports a zip in the worker: 202 at once, then progress, the summary and the pages', async () => {
    const bytes = await zip({
      'Trip.md': '# Trip\n\nSee [Flights](Trip/Flights.md).\n\n![sunset](sunset.png)\n',
      'Trip/Flights.md': '# Flights\n\nBoarding at 7.\n',
      'sunset.png': png(4, 3),
      'Packing.csv': 'Item\nHat\n',
    });
    const res = await startImport(owner, bytes, 'trip.zip').expect(202);
    const started = res.body as TransferView;
    expect(started).toMatchObject({ kind: 'import', status: 'queued', workspaceId: ws, summary: null, fileName: null, error: null });
    const done = await finished(owner, started.id);
    expect(done).toMatchObject({ status: 'done', progress: { done: 2, total: 2 }, error: null });
    expect(done.summary).toMatchObject({ pagesCreated: 2, filesUploaded: 1, skipped: [{ path: 'Packing.csv', reason: expect.stringMatching(/CSV/) }] });
    const pages = await api.prisma.page.findMany({ where: { workspaceId: ws }, select: { id: true, title: true, parentId: true } });
    const trip = pages.find((p) => p.title === 'Trip')!;
    expect(pages.map((p) => [p.title, p.parentId === trip.id])).toEqual(expect.arrayContaining([['Trip', false], ['Flights', true]]));
    expect(done.summary!.rootPageIds).toEqual([trip.id]);
    // The upload itself is gone from storage; the one image stays (a File row of Trip).
    const files = await api.prisma.file.findMany({ where: { workspaceId: ws }, select: { id: true } });
    expect(stored().sort()).toEqual(files.map((f) => f.id).sort());
    const row = await api.prisma.transfer.findUniqueOrThrow({ where: { id: started.id } });
    expect(row.storageKey).toBeNull();
  });

  it('fails a refused import with the reason, creating nothing and keeping nothing', async () => {
    const before = { pages: await api.prisma.page.count({ where: { workspaceId: ws } }), stored: stored().length };
    const bad = await zip({ 'Good.md': '# Good\n', 'Bad.md': Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]) });
    const started = (await startImport(owner, bad, 'bad.zip').expect(202)).body as TransferView;
    const done = await finished(owner, started.id);
    expect(done).toMatchObject({ status: 'failed', summary: null, error: 'Bad.md is not valid UTF-8 text.' });
    expect({ pages: await api.prisma.page.count({ where: { workspaceId: ws } }), stored: stored().length }).toEqual(before);
  });

  it('exports a page with its sub-pages and the workspace, downloadable by the person who asked only', async () => {
    const root = await createPage(api.app, owner, ws, { title: 'Root' });
    await createPage(api.app, owner, ws, { title: 'Leaf', parentId: root.id });
    const started = (await api.http.post(`/pages/${root.id}/export-jobs`).set('Authorization', owner.bearer).send({ format: 'markdown', subpages: true }).expect(202)).body as TransferView;
    expect(started).toMatchObject({ kind: 'export', status: 'queued' });
    const done = await finished(owner, started.id);
    expect(done).toMatchObject({ status: 'done', fileName: 'Root.zip', progress: { done: 2, total: 2 } });
    const download = await api.http.get(`/transfers/${started.id}/download`).set('Authorization', owner.bearer).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="Root\.zip"/);
    expect(await unzipNames(download.body as Buffer)).toEqual(['Root.md', 'Root/Leaf.md']);

    const member = await addMember(api.app, ws, 'member', 'transfers-member');
    await api.http.get(`/transfers/${started.id}`).set('Authorization', member.bearer).expect(404);
    await api.http.get(`/transfers/${started.id}/download`).set('Authorization', member.bearer).expect(404);
    await api.http.post(`/workspaces/${ws}/export-jobs`).set('Authorization', member.bearer).send({ format: 'html' }).expect(403);

    const whole = (await api.http.post(`/workspaces/${ws}/export-jobs`).set('Authorization', owner.bearer).send({ format: 'html' }).expect(202)).body as TransferView;
    const wholeDone = await finished(owner, whole.id);
    expect(wholeDone).toMatchObject({ status: 'done', fileName: 'Workspace.html' });
    const html = await api.http.get(`/transfers/${whole.id}/download`).set('Authorization', owner.bearer).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    for (const title of ['Trip', 'Flights', 'Root', 'Leaf']) expect(html.text).toContain(`>${title}</h`);
  });

  it('refuses a download before the export is done and for an import', async () => {
    const importRow = await api.prisma.transfer.findFirstOrThrow({ where: { workspaceId: ws, kind: 'import', status: 'done' } });
    await api.http.get(`/transfers/${importRow.id}/download`).set('Authorization', owner.bearer).expect(409);
    const pending = await api.prisma.transfer.create({ data: { workspaceId: ws, userId: owner.id, kind: 'export', status: 'running', params: { kind: 'export', pageId: null, format: 'markdown', subpages: true } } });
    const res = await api.http.get(`/transfers/${pending.id}/download`).set('Authorization', owner.bearer).expect(409);
    expect(res.body.error.message).toBe('The export is not finished yet.');
  });
});
