import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { AuditLogResponse } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { QueueName } from '../src/jobs/job.types.js';
import { WorkerModule } from '../src/worker.module.js';
import type { TestUser } from './support/accounts.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// The audit log viewer's API (issue 19): owners and admins read their workspace's entries, filtered
// by person, action, page and dates, keyset-paged, and export them as CSV; retention deletes old
// entries in the worker. Entries come from real API calls (and a few written with old dates).

describe('audit log', () => {
  const api = apiSuite('audit-owner');
  let ws: string;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  const pages: Record<string, string> = {};

  async function list(as: TestUser, query: Record<string, string | number> = {}, status = 200): Promise<AuditLogResponse> {
    const res = await api.http.get(`/workspaces/${ws}/audit-log`).query(query).set('Authorization', as.bearer);
    if (res.status !== status) throw new Error(`audit-log ${JSON.stringify(query)}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AuditLogResponse;
  }

  beforeAll(async () => {
    ws = await createWorkspace(api.app, api.owner, 'Audited');
    admin = await addMember(api.app, ws, 'admin', 'audit-admin');
    member = await addMember(api.app, ws, 'member', 'audit-member');
    const other = await createWorkspace(api.app, admin, 'Elsewhere');
    await createPage(api.app, admin, other, { title: 'Not in this workspace' });
    outsider = await addMember(api.app, other, 'member', 'audit-outsider');
    pages.plan = (await createPage(api.app, api.owner, ws, { title: 'Plan' })).id;
    pages.formula = (await createPage(api.app, admin, ws, { title: '=HYPERLINK("http://evil.example")' })).id;
    await api.http.patch(`/pages/${pages.plan}`).set('Authorization', api.owner.bearer).send({ title: 'Plan, renamed' }).expect(200);
    await api.http.post(`/pages/${pages.plan}/links`).set('Authorization', api.owner.bearer).send({}).expect(201);
    // An entry from 40 days ago and one from 10 days ago (dates can't be made through the API).
    const at = (days: number) => new Date(Date.now() - days * 86_400_000);
    await api.prisma.auditLog.createMany({
      data: [
        { workspaceId: ws, actorId: member.id, action: 'page.trashed', targetType: 'page', targetId: pages.plan, at: at(40), metadata: { pages: 1 } },
        { workspaceId: ws, actorId: member.id, action: 'page.restored', targetType: 'page', targetId: pages.plan, at: at(10), metadata: { pages: 1 } },
      ],
    });
  });

  it('owners and admins read it, newest first, with actor and page title; others are refused', async () => {
    const all = await list(api.owner);
    expect(all.nextCursor).toBeNull();
    const actions = all.entries.map((e) => e.action);
    expect(actions.slice(0, 5)).toEqual(['link.created', 'page.updated', 'page.created', 'page.created', 'workspace.created']);
    expect(actions.slice(5)).toEqual(['page.restored', 'page.trashed']);
    expect(actions).toEqual(expect.arrayContaining(['workspace.created', 'page.trashed', 'page.restored']));
    const ats = all.entries.map((e) => Date.parse(e.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats.slice().sort((a, b) => b - a));
    const renamed = all.entries.find((e) => e.action === 'page.updated')!;
    expect(renamed.actor).toEqual({ id: api.owner.id, name: 'audit-owner', email: api.owner.email });
    expect(renamed.targetTitle).toBe('Plan, renamed');
    expect(renamed.metadata).toEqual({ title: 'Plan, renamed' });
    // Nothing of the other workspace.
    expect(all.entries.every((e) => e.targetTitle !== 'Not in this workspace')).toBe(true);
    expect((await list(admin)).entries).toHaveLength(all.entries.length);
    await list(member, {}, 403);
    await list(outsider, {}, 404);
    await api.http.get(`/workspaces/${ws}/audit-log`).expect(401);
  });

  it('filters by person, action or area, page and dates', async () => {
    expect((await list(api.owner, { actorId: admin.id })).entries.map((e) => e.action)).toEqual(['page.created']);
    expect((await list(api.owner, { actorId: member.id })).entries.map((e) => e.action)).toEqual(['page.restored', 'page.trashed']);
    expect((await list(api.owner, { action: 'page.updated' })).entries).toHaveLength(1);
    expect((await list(api.owner, { action: 'page.' })).entries.map((e) => e.action).sort()).toEqual(['page.created', 'page.created', 'page.restored', 'page.trashed', 'page.updated']);
    // A page's entries include its share links' (their metadata names the page).
    expect((await list(api.owner, { pageId: pages.plan! })).entries.map((e) => e.action)).toEqual(['link.created', 'page.updated', 'page.created', 'page.restored', 'page.trashed']);
    const day = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    // A date alone covers that whole day; `to` is inclusive.
    expect((await list(api.owner, { from: day(41), to: day(39) })).entries.map((e) => e.action)).toEqual(['page.trashed']);
    expect((await list(api.owner, { to: day(5) })).entries.map((e) => e.action)).toEqual(['page.restored', 'page.trashed']);
    expect((await list(api.owner, { from: new Date(Date.now() - 86_400_000).toISOString() })).entries.every((e) => Date.now() - Date.parse(e.at) < 86_400_000)).toBe(true);
  });

  it('pages with an opaque cursor, without gaps or repeats', async () => {
    const all = (await list(api.owner)).entries.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditLogResponse = await list(api.owner, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses bad filters with 400 and the field', async () => {
    for (const [query, field] of [
      [{ actorId: 'nope' }, 'actorId'],
      [{ action: 'DROP TABLE' }, 'action'],
      [{ from: 'yesterday' }, 'from'],
      [{ limit: 1000 }, 'limit'],
      [{ cursor: 'abc' }, 'cursor'],
    ] as const) {
      const res = await api.http.get(`/workspaces/${ws}/audit-log`).query(query).set('Authorization', api.owner.bearer).expect(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });

  it('exports the filtered entries as CSV, formulas defused', async () => {
    const res = await api.http.get(`/workspaces/${ws}/audit-log/export`).query({ action: 'page.' }).set('Authorization', admin.bearer).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-.*\.csv"$/);
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,action,actor_id,actor_name,actor_email,target_type,target_id,target_title,ip,metadata');
    expect(lines).toHaveLength(1 + 5);
    const formula = lines.find((l) => l.includes(pages.formula!))!;
    expect(formula).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(lines.find((l) => l.includes('page.updated'))).toContain('"Plan, renamed"');
    await api.http.get(`/workspaces/${ws}/audit-log/export`).set('Authorization', member.bearer).expect(403);
    await api.http.get(`/workspaces/${ws}/audit-log/export`).set('Authorization', outsider.bearer).expect(404);
  });

  describe('retention', () => {
    let worker: INestApplicationContext;
    const saved = { ...process.env };

    beforeAll(async () => {
      // The real worker, in-process, on a Redis namespace of its own, pruning every second.
      Object.assign(process.env, { REDIS_PREFIX: `audit-retention-${randomBytes(4).toString('hex')}`, AUDIT_RETENTION_DAYS: '30', AUDIT_PRUNE_INTERVAL_MS: '1000' });
      worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      worker.enableShutdownHooks();
    });

    afterAll(async () => {
      await worker?.get<Queue>(getQueueToken(QueueName.Maintenance)).removeJobScheduler('audit-prune');
      await worker?.close();
      process.env = saved;
    });

    it('the worker deletes entries older than AUDIT_RETENTION_DAYS and keeps the rest', async () => {
      await waitUntil('the 40-day-old entry pruned', async () => (await list(api.owner, { action: 'page.trashed' })).entries.length === 0, 20_000);
      const left = (await list(api.owner)).entries.map((e) => e.action);
      expect(left).toContain('page.restored');
      expect(left).toContain('workspace.created');
    });
  });
});
