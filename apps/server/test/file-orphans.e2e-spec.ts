import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { fileContentUrl, yDocFromJSON } from '@tandem/editor';
import type { FileView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { DocumentStreamRepository } from '../src/documents/document-stream.repository.js';
import { WorkerModule } from '../src/worker.module.js';
import { applyMigrations } from '../../../scripts/lib/migrate-fallback.mjs';
import { migrationsDir, scratchDatabase } from './support/databases.js';
import { signUp, type TestUser } from './support/accounts.js';
import { png } from './support/images.js';
import { createPage, createWorkspace, openApi } from './support/world.js';

// The worker's orphan collection (issue 16), run by its BullMQ job scheduler in a real worker
// (in-process, the suite's Redis and Postgres): a file stays while its page's document, the
// document's unpersisted stream entries or any stored version uses it, or while it is younger than
// the grace period; otherwise its bytes and its row go.
describe('orphaned files collection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-orphans-'));
  // The collector sweeps every file of its database, and so does every other worker on that
  // database, each with its own storage root and grace period: on the shared test database, another
  // suite's worker took this suite's backdated file (its row, with the bytes left under this suite's
  // root). So the suite runs on a database and a Redis namespace of its own. The grace period is
  // ~10 years and the "old" files are backdated past it.
  const GRACE_MINUTES = 10 * 365 * 24 * 60;
  const env = {
    STORAGE_DRIVER: 'local',
    STORAGE_LOCAL_DIR: dir,
    STORAGE_ORPHAN_GRACE_MINUTES: String(GRACE_MINUTES),
    STORAGE_ORPHAN_SWEEP_MS: '1000',
    SNAPSHOT_EVERY_SECONDS: '3600',
    REDIS_PREFIX: `tandem-test-orphans-${randomBytes(4).toString('hex')}`,
  };
  const saved = { ...process.env };
  let api: Awaited<ReturnType<typeof openApi>>;
  let worker: INestApplicationContext | null = null;
  let owner: TestUser;
  let ws: string;

  beforeAll(async () => {
    const db = await scratchDatabase('orphans');
    await db.client.end();
    await applyMigrations(db.url, migrationsDir, () => undefined);
    Object.assign(process.env, env, { DATABASE_URL: db.url });
    api = await openApi();
    owner = await signUp(api.app, 'orphans-owner');
    ws = await createWorkspace(api.app, owner);
  });
  afterAll(async () => {
    await worker?.close();
    await api.app.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = async (pageId: string, name: string): Promise<FileView> => {
    const res = await api.http.post(`/pages/${pageId}/files`).set('Authorization', owner.bearer).attach('file', png(2, 2), name);
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as FileView;
  };
  const image = (file: FileView): JSONContent => ({ type: 'image', attrs: { src: fileContentUrl(file.id), fileId: file.id, alt: file.name } });
  const attachment = (file: FileView): JSONContent => ({ type: 'fileAttachment', attrs: { fileId: file.id, name: file.name, size: file.size, mime: file.mime } });
  const state = (...blocks: JSONContent[]) => Buffer.from(Y.encodeStateAsUpdate(yDocFromJSON({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'text' }] }, ...blocks] })));
  const saveDocument = (pageId: string, bytes: Uint8Array<ArrayBuffer>) =>
    api.prisma.document.upsert({
      where: { pageId },
      // A snapshot "just taken" (pages created through the API have a row already, so both
      // branches): the worker's persist of the pending edit then takes no automatic version (which
      // would hold the images too, and rightly keep them).
      create: { pageId, state: bytes, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(bytes)), size: bytes.length, persistedUpTo: '0-0', text: 'text', lastSnapshotAt: new Date() },
      update: { state: bytes, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(bytes)), size: bytes.length, updatedAt: new Date(), lastSnapshotAt: new Date() },
    });
  const exists = async (file: FileView) => ({ row: (await api.prisma.file.count({ where: { id: file.id } })) === 1, bytes: existsSync(join(dir, ws, file.id)) });
  const backdate = (files: FileView[]) => api.prisma.file.updateMany({ where: { id: { in: files.map((f) => f.id) } }, data: { createdAt: new Date(Date.now() - (GRACE_MINUTES + 60) * 60_000) } });

  it('deletes only files no document, pending edit or version uses, once past the grace period', async () => {
    const page = (await createPage(api.app, owner, ws, { title: 'Files' })).id;
    const doomed = (await createPage(api.app, owner, ws, { title: 'Doomed' })).id;
    const [inDoc, inVersion, inStream, removed, young, onDeletedPage] = await Promise.all([
      upload(page, 'doc.png'),
      upload(page, 'version.png'),
      upload(page, 'stream.png'),
      upload(page, 'removed.png'),
      upload(page, 'young.png'),
      upload(doomed, 'doomed.png'),
    ]);
    await saveDocument(page, state(image(inDoc)));
    await api.prisma.documentVersion.create({ data: { pageId: page, kind: 'auto', state: state(attachment(inVersion)) } });
    // An edit acknowledged (in the page's Redis stream) but not yet persisted uses inStream.
    const persisted = new Y.Doc();
    Y.applyUpdate(persisted, state(image(inDoc)));
    const edited = yDocFromJSON({ type: 'doc', content: [image(inStream)] });
    await api.app.get(DocumentStreamRepository).append(page, Y.encodeStateAsUpdate(edited, Y.encodeStateVector(persisted)));
    await saveDocument(doomed, state(image(onDeletedPage)));
    await api.http.post(`/pages/${doomed}/trash`).set('Authorization', owner.bearer).expect(204);
    await api.http.delete(`/pages/${doomed}`).set('Authorization', owner.bearer).expect(204);
    await backdate([inDoc, inVersion, inStream, removed, onDeletedPage]);

    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    await waitUntil('the orphans are collected', async () => !(await exists(removed)).row && !(await exists(onDeletedPage)).row);
    expect(await exists(removed)).toEqual({ row: false, bytes: false });
    expect(await exists(onDeletedPage)).toEqual({ row: false, bytes: false });
    for (const kept of [inDoc, inVersion, inStream, young]) expect({ name: kept.name, ...(await exists(kept)) }).toEqual({ name: kept.name, row: true, bytes: true });
    // The files found in use are marked, so the next sweeps skip them until the page changes.
    const checked = await api.prisma.file.findMany({ where: { id: { in: [inDoc.id, inVersion.id, inStream.id] } }, select: { checkedAt: true } });
    expect(checked.every((f) => f.checkedAt !== null)).toBe(true);

    // The image block is deleted from the document (and no version has it): the next sweep takes it.
    // (First the worker persists the pending edit, so its write can't land after this one.)
    await waitUntil('the pending edit is persisted', async () => (await api.prisma.document.findUniqueOrThrow({ where: { pageId: page } })).persistedUpTo !== '0-0');
    await api.app.get(DocumentStreamRepository).remove(page);
    await saveDocument(page, state());
    await waitUntil('the removed image is collected', async () => !(await exists(inDoc)).row);
    expect(await exists(inDoc)).toEqual({ row: false, bytes: false });
    expect(await exists(inVersion)).toEqual({ row: true, bytes: true });
    expect(await exists(young)).toEqual({ row: true, bytes: true });
  });
  it('keeps an image used as the page cover, and collects it once the cover is removed', async () => {
    const page = (await createPage(api.app, owner, ws, { title: 'Covered' })).id;
    const cover = await upload(page, 'cover.png');
    await api.http.patch(`/pages/${page}`).set('Authorization', owner.bearer).send({ cover: `file:${cover.id}` }).expect(200);
    await backdate([cover]);
    worker ??= await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    await waitUntil('the cover is found in use', async () => (await api.prisma.file.findUniqueOrThrow({ where: { id: cover.id } })).checkedAt !== null);
    expect(await exists(cover)).toEqual({ row: true, bytes: true });
    // Removing the cover changes the page row, so the next sweep looks at the file again.
    await api.http.patch(`/pages/${page}`).set('Authorization', owner.bearer).send({ cover: null }).expect(200);
    await waitUntil('the former cover is collected', async () => !(await exists(cover)).row);
    expect(await exists(cover)).toEqual({ row: false, bytes: false });
  });
});
