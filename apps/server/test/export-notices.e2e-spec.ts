import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NotificationListResponse, TransferView } from '@tandem/protocol';
import { Mailbox, waitUntil } from '@tandem/testkit';
import { FileStorage } from '../src/files/file-storage.js';
import { ExportExpiry } from '../src/jobs/export-expiry.js';
import { NotifyTransferService } from '../src/notifications/notify-transfer.service.js';
import { TransferRunner } from '../src/transfers/transfer-runner.service.js';
import { WorkerModule } from '../src/worker.module.js';
import { applyMigrations } from '../../../scripts/lib/migrate-fallback.mjs';
import { migrationsDir, scratchDatabase } from './support/databases.js';
import { signUp, type TestUser } from './support/accounts.js';
import { startS3, type TestS3 } from './support/s3-server.js';
import { addMember, createPage, createWorkspace, openApi } from './support/world.js';

// Issue 16's export leftovers on the real stack (API, an in-process worker, Postgres, Redis, a real
// SMTP server, and each storage driver: local disk and S3 against s3rver): the person who started an
// export hears once that it is ready or failed (inbox, and mail per their setting, linking to the
// app and never carrying the file); a finished export expires after EXPORT_RETENTION_DAYS (410
// Gone, status `expired`) and the worker's sweep deletes its file from storage, retrying a file
// storage refused to delete, and changes nothing when run again.
describe.each(['local', 's3'] as const)('export notices and expiry (%s storage)', (driver) => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-export-notices-'));
  const saved = { ...process.env };
  let s3: TestS3 | undefined;
  let mailbox: Mailbox;
  let api: Awaited<ReturnType<typeof openApi>>;
  let worker: INestApplicationContext;
  let owner: TestUser;
  let member: TestUser;
  let ws: string;

  beforeAll(async () => {
    const db = await scratchDatabase(`export-notices-${driver}`);
    await db.client.end();
    await applyMigrations(db.url, migrationsDir, () => undefined);
    mailbox = await new Mailbox().start();
    if (driver === 's3') s3 = await startS3();
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      SMTP_URL: mailbox.smtpUrl,
      MAIL_FROM: 'Tandem <tandem@example.test>',
      APP_URL: 'http://app.example.test',
      EXPORT_RETENTION_DAYS: '7',
      SNAPSHOT_EVERY_SECONDS: '3600',
      REDIS_PREFIX: `tandem-test-export-notices-${randomBytes(4).toString('hex')}`,
      ...(s3
        ? { STORAGE_DRIVER: 's3', STORAGE_S3_BUCKET: s3.bucket, STORAGE_S3_ENDPOINT: s3.endpoint, STORAGE_S3_ACCESS_KEY_ID: s3.accessKeyId, STORAGE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey, STORAGE_S3_FORCE_PATH_STYLE: 'true', STORAGE_S3_REGION: 'us-east-1' }
        : { STORAGE_DRIVER: 'local', STORAGE_LOCAL_DIR: dir }),
    });
    api = await openApi();
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    await worker.init();
    owner = await signUp(api.app, `notices-owner-${driver}`);
    ws = await createWorkspace(api.app, owner);
    member = await addMember(api.app, ws, 'member', `notices-member-${driver}`);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.app.close();
    await mailbox?.stop();
    await s3?.stop();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const inbox = async (as: TestUser) => (await api.http.get('/notifications').set('Authorization', as.bearer).expect(200)).body as NotificationListResponse;
  const finished = async (as: TestUser, id: string): Promise<TransferView> => {
    let view: TransferView | undefined;
    await waitUntil(`transfer ${id} finishes`, async () => {
      view = (await api.http.get(`/transfers/${id}`).set('Authorization', as.bearer).expect(200)).body as TransferView;
      return view.status !== 'queued' && view.status !== 'running';
    });
    return view!;
  };
  // Is the object in storage? Looked up where each driver keeps it (the disk; s3rver's directory).
  const inStorage = (key: string): boolean =>
    s3 ? readdirSync(join(s3.dir, s3.bucket), { recursive: true }).map(String).some((o) => o.startsWith(key)) : existsSync(join(dir, key));
  const exportPage = async (as: TestUser, title: string) => {
    const page = await createPage(api.app, as, ws, { title });
    return (await api.http.post(`/pages/${page.id}/export-jobs`).set('Authorization', as.bearer).send({ format: 'markdown', subpages: false }).expect(202)).body as TransferView;
  };

  it('tells the person who started an export, once, in the inbox and by mail with a link to the app', async () => {
    const since = mailbox.received.length;
    const started = await exportPage(owner, 'Notes');
    const done = await finished(owner, started.id);
    expect(done).toMatchObject({ status: 'done', fileName: 'Notes.zip' });
    const row = await api.prisma.transfer.findUniqueOrThrow({ where: { id: started.id } });
    // Expires EXPORT_RETENTION_DAYS after it finished.
    expect(row.expiresAt!.getTime() - row.finishedAt!.getTime()).toBeGreaterThan(7 * 86_400_000 - 5_000);
    expect(done.expiresAt).toBe(row.expiresAt!.toISOString());

    await waitUntil('the notice', async () => (await inbox(owner)).notifications.length > 0);
    const box = await inbox(owner);
    expect(box.unread).toBe(1);
    expect(box.notifications).toEqual([
      expect.objectContaining({ kind: 'export_ready', actor: null, page: null, transfer: { id: started.id, workspaceId: ws, status: 'done', fileName: 'Notes.zip', error: null, expiresAt: row.expiresAt!.toISOString() } }),
    ]);
    // Nobody else hears of it.
    expect(await inbox(member)).toEqual({ notifications: [], unread: 0, nextCursor: null });

    const mail = await mailbox.waitFor(owner.email, /export "Notes\.zip" is ready/, { since });
    expect(mail.links).toContain(`http://app.example.test/w/${ws}/inbox`);
    expect(mail.links.some((l) => l.includes('/transfers/'))).toBe(false);

    // The job's end run again (a retried job; the runner called twice) tells nobody again.
    await worker.get(TransferRunner).run(started.id);
    await worker.get(NotifyTransferService).exportFinished({ id: started.id, userId: owner.id, workspaceId: ws, outcome: 'ready', fileName: 'Notes.zip', error: null, expiresAt: row.expiresAt });
    expect(await api.prisma.notification.count({ where: { transferId: started.id } })).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailbox.to(owner.email).filter((m) => /Notes\.zip/.test(m.subject))).toHaveLength(1);

    // Opening it marks it read.
    await api.http.post(`/notifications/${box.notifications[0]!.id}/read`).set('Authorization', owner.bearer).expect(204);
    expect((await inbox(owner)).unread).toBe(0);
    // Another person cannot mark it read (404 like any notification not theirs).
    await api.http.post(`/notifications/${box.notifications[0]!.id}/read`).set('Authorization', member.bearer).expect(404);
  });

  it('tells of a failed export, and mails only people who get notification mails', async () => {
    await api.http.patch('/notifications/settings').set('Authorization', member.bearer).send({ emailMentions: false }).expect(200);
    const since = mailbox.received.length;
    // An export of a page that is gone by the time the worker runs it: refused, a failed transfer.
    const page = await createPage(api.app, member, ws, { title: 'Doomed' });
    await api.prisma.page.update({ where: { id: page.id }, data: { deletedAt: new Date() } });
    const started = await api.prisma.transfer.create({ data: { workspaceId: ws, userId: member.id, kind: 'export', params: { kind: 'export', pageId: page.id, format: 'html', subpages: false } } });
    await worker.get(TransferRunner).run(started.id);
    const done = await finished(member, started.id);
    expect(done.status).toBe('failed');
    await waitUntil('the failure notice', async () => (await inbox(member)).notifications.length > 0);
    expect((await inbox(member)).notifications).toEqual([expect.objectContaining({ kind: 'export_failed', transfer: expect.objectContaining({ id: started.id, status: 'failed', fileName: null, error: done.error }) })]);
    // The owner gets notification mails: their failed export is mailed, with why.
    const ownerPage = await createPage(api.app, owner, ws, { title: 'Also doomed' });
    await api.prisma.page.update({ where: { id: ownerPage.id }, data: { deletedAt: new Date() } });
    const ownerExport = await api.prisma.transfer.create({ data: { workspaceId: ws, userId: owner.id, kind: 'export', params: { kind: 'export', pageId: ownerPage.id, format: 'html', subpages: false } } });
    await worker.get(TransferRunner).run(ownerExport.id);
    const failedMail = await mailbox.waitFor(owner.email, /export failed/, { since });
    expect(failedMail.text).toContain((await finished(owner, ownerExport.id)).error!);
    expect(failedMail.links.map((l) => new URL(l).pathname)).toContain(`/w/${ws}/inbox`);
    expect(mailbox.received.slice(since).filter((m) => m.to.includes(member.email.toLowerCase()))).toEqual([]);
  });

  it('expires a finished export: 410 Gone, then the sweep deletes its file (retrying a refused delete) and is idempotent', async () => {
    const started = await exportPage(owner, 'Old');
    await finished(owner, started.id);
    const row = await api.prisma.transfer.findUniqueOrThrow({ where: { id: started.id } });
    const key = row.storageKey!;
    expect(inStorage(key)).toBe(true);
    await api.http.get(`/transfers/${started.id}/download`).set('Authorization', owner.bearer).expect(200);

    // Past its date: 410 at once (before any sweep), the view and the notice say expired.
    await api.prisma.transfer.update({ where: { id: started.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const gone = await api.http.get(`/transfers/${started.id}/download`).set('Authorization', owner.bearer).expect(410);
    expect(gone.body.error).toMatchObject({ code: 'gone', message: "The export's file was deleted 7 days after it was made. Export again to get a new one." });
    expect(((await api.http.get(`/transfers/${started.id}`).set('Authorization', owner.bearer).expect(200)).body as TransferView).status).toBe('expired');
    await waitUntil('the notice', async () => (await inbox(owner)).notifications.some((n) => n.transfer?.id === started.id));
    expect((await inbox(owner)).notifications.find((n) => n.transfer?.id === started.id)!.transfer!.status).toBe('expired');
    // Another person still gets 404, not 410.
    await api.http.get(`/transfers/${started.id}/download`).set('Authorization', member.bearer).expect(404);

    // Storage refuses the delete: the row keeps its key (and the file is still named), next run retries.
    const expiry = worker.get(ExportExpiry);
    const storage = worker.get(FileStorage);
    const refuse = jest.spyOn(storage, 'delete').mockRejectedValueOnce(new Error('storage is away'));
    expect(await expiry.sweep()).toEqual({ expired: 0, kept: 1 });
    refuse.mockRestore();
    expect(await api.prisma.transfer.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({ status: 'done', storageKey: key });
    expect(inStorage(key)).toBe(true);

    // Not yet expired exports are left alone.
    const fresh = await exportPage(owner, 'Fresh');
    await finished(owner, fresh.id);
    const freshKey = (await api.prisma.transfer.findUniqueOrThrow({ where: { id: fresh.id } })).storageKey!;

    expect(await expiry.sweep()).toEqual({ expired: 1, kept: 0 });
    expect(inStorage(key)).toBe(false);
    expect(await api.prisma.transfer.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({ status: 'expired', storageKey: null, fileName: 'Old.zip' });
    await api.http.get(`/transfers/${started.id}/download`).set('Authorization', owner.bearer).expect(410);
    expect(inStorage(freshKey)).toBe(true);
    await api.http.get(`/transfers/${fresh.id}/download`).set('Authorization', owner.bearer).expect(200);

    // Again: nothing to do, nothing changes.
    expect(await expiry.sweep()).toEqual({ expired: 0, kept: 0 });
    expect(await api.prisma.transfer.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({ status: 'expired', storageKey: null });
    // The notice stays (it says expired); it goes with the transfer.
    expect(await api.prisma.notification.count({ where: { transferId: started.id } })).toBe(1);
    await api.prisma.transfer.delete({ where: { id: started.id } });
    expect(await api.prisma.notification.count({ where: { transferId: started.id } })).toBe(0);
  });

  it('schedules the sweep on the files queue', async () => {
    const { getQueueToken } = await import('@nestjs/bullmq');
    const queue = worker.get<{ getJobSchedulers(): Promise<Array<{ key: string; name: string }>> }>(getQueueToken('files'), { strict: false });
    await waitUntil('the sweep is scheduled', async () => (await queue.getJobSchedulers()).some((s) => s.name === 'exports-expire'));
  });
});
