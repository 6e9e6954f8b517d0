import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { waitUntil } from '@tandem/testkit';
import type { Queue } from 'bullmq';
import { QueueName } from '../src/jobs/job.types.js';
import { TrashRetention } from '../src/jobs/trash-retention.js';
import { WorkerModule } from '../src/worker.module.js';
import { apiSuite, createPage, createWorkspace, titlesUnder } from './support/world.js';

const DAY = 86_400_000;

// The trash empties itself (issue 18): the worker's scheduled job deletes for good what was trashed
// more than TRASH_RETENTION_DAYS ago (with its sub-pages), and nothing younger or restored.
describe('trash retention', () => {
  const api = apiSuite('trash-owner');
  let worker: INestApplicationContext;
  const saved = { ...process.env };

  beforeAll(async () => {
    // The real worker, in-process, on a Redis namespace of its own, emptying every second.
    Object.assign(process.env, { REDIS_PREFIX: `trash-retention-${randomBytes(4).toString('hex')}`, TRASH_RETENTION_DAYS: '30', TRASH_EMPTY_INTERVAL_MS: '1000' });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    worker.enableShutdownHooks();
  });

  afterAll(async () => {
    await worker?.get<Queue>(getQueueToken(QueueName.Maintenance)).removeJobScheduler('trash-empty');
    await worker?.close();
    process.env = saved;
  });

  const trash = (pageId: string) => api.http.post(`/pages/${pageId}/trash`).set('Authorization', api.owner.bearer).expect(204);
  const backdate = (rootId: string, days: number) => api.prisma.page.updateMany({ where: { trashedRootId: rootId }, data: { deletedAt: new Date(Date.now() - days * DAY) } });

  it('the worker deletes pages trashed more than TRASH_RETENTION_DAYS ago, with their sub-pages, and keeps the rest', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const old = await createPage(api.app, api.owner, ws, { title: 'Old' });
    const oldChild = await createPage(api.app, api.owner, ws, { title: 'Old child', parentId: old.id });
    const recent = await createPage(api.app, api.owner, ws, { title: 'Recent' });
    const live = await createPage(api.app, api.owner, ws, { title: 'Live' });
    await trash(old.id);
    await trash(recent.id);
    await backdate(old.id, 31);
    await backdate(recent.id, 29);

    await waitUntil('the 31-day-old trash is deleted', async () => (await api.prisma.page.count({ where: { id: old.id } })) === 0, 20_000);
    expect(await api.prisma.page.count({ where: { id: oldChild.id } })).toBe(0);
    expect(await api.prisma.document.count({ where: { pageId: { in: [old.id, oldChild.id] } } })).toBe(0);
    expect(await api.prisma.page.count({ where: { id: recent.id, deletedAt: { not: null } } })).toBe(1);
    expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['Live']);
    void live;
    // The audit entry is written once the purge has committed (after the pages are gone), so it may
    // trail the count above by a moment on a busy machine.
    const audit = () => api.prisma.auditLog.findFirst({ where: { action: 'page.purged', targetId: old.id } });
    await waitUntil('the purge is in the audit log', async () => (await audit()) !== null, 20_000);
    expect(await audit()).toMatchObject({ workspaceId: ws, actorId: null, metadata: { pages: 2, retentionDays: 30 } });
    const trashList = await api.http.get(`/workspaces/${ws}/trash`).set('Authorization', api.owner.bearer).expect(200);
    expect(trashList.body.pages.map((p: { title: string }) => p.title)).toEqual(['Recent']);
  });

  it('a page restored before the job runs is kept (the job checks again under the tree lock)', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Saved in time' });
    // The scheduled job held back until the restore is in (it runs every second here, and one that
    // came between the backdate and the restore would rightly purge the page first).
    const maintenance = worker.get<Queue>(getQueueToken(QueueName.Maintenance));
    await maintenance.pause();
    await waitUntil('no trash job running', async () => (await maintenance.getActiveCount()) === 0, 20_000);
    await trash(page.id);
    await backdate(page.id, 40);
    await api.http.post(`/pages/${page.id}/restore`).set('Authorization', api.owner.bearer).expect(200);
    await maintenance.resume();
    const retention = worker.get(TrashRetention);
    // Run it by hand too: however often it runs, the restored page stays.
    await retention.empty();
    expect(await api.prisma.page.findUniqueOrThrow({ where: { id: page.id } })).toMatchObject({ deletedAt: null });
  });
});
