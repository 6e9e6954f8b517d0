import type { NotificationListResponse, PageMentionsResponse } from '@tandem/protocol';
import { Mailbox, waitUntil } from '@tandem/testkit';
import { randomUUID } from 'node:crypto';
import { addMember, apiJson, api, collabEnv, CollabWorld, signUp, synced, type TestUser } from './support/collab/fixtures.js';

// The mention mail waits this long (production: 5 minutes).
const MAIL_DELAY_MS = 1000;
const RATE_MAX = 5;

// The inbox's events that are not comments (issue 14), on the real stack with a real SMTP server:
// @mentions in a page's text (POST /pages/:id/mentions: access, bad input, the rate limit, the
// batched mail), and shares and invitations reaching the person's inbox.
describe('inbox events: page mentions, shares, invitations', () => {
  let mailbox: Mailbox;
  let world: CollabWorld;
  let url: string;
  let ada: TestUser;
  let mel: TestUser;
  let gus: TestUser;
  let vic: TestUser;
  let out: TestUser;

  const call = <T>(user: TestUser, method: string, path: string, payload?: unknown, status = 200): Promise<T> => apiJson<T>(url, user, method, path, payload, status);
  const inbox = (user: TestUser) => call<NotificationListResponse>(user, 'GET', '/notifications');
  const mentions = (user: TestUser, pageId: string, userIds: string[], status = 200) => call<PageMentionsResponse>(user, 'POST', `/pages/${pageId}/mentions`, { userIds }, status);
  const count = () => world.prisma.notification.count();
  async function page(title: string, as = ada): Promise<string> {
    return (await call<{ id: string }>(as, 'POST', `/workspaces/${world.workspaceId}/pages`, { title }, 201)).id;
  }

  beforeAll(async () => {
    mailbox = await new Mailbox().start();
    world = await CollabWorld.open(
      collabEnv({
        SMTP_URL: mailbox.smtpUrl,
        MAIL_FROM: 'Tandem <tandem@example.test>',
        APP_URL: 'http://app.example.test',
        MENTION_MAIL_DELAY_MS: String(MAIL_DELAY_MS),
        PAGE_MENTION_RATE_MAX: String(RATE_MAX),
        PAGE_MENTION_RATE_WINDOW_SECONDS: '3600',
      }),
      { ownerName: 'Ada' },
    );
    url = world.serverUrl();
    ada = world.owner;
    // Mel: a member; Gus: a guest without a share; Vic: a guest with a viewer share; Out: no member.
    [mel, gus, vic, out] = await Promise.all([signUp(url, 'Mel'), signUp(url, 'Gus'), signUp(url, 'Vic'), signUp(url, 'Out')]);
    await Promise.all([addMember(world.prisma, world.workspaceId, mel, 'member'), addMember(world.prisma, world.workspaceId, gus, 'guest'), addMember(world.prisma, world.workspaceId, vic, 'guest')]);
    await world.prisma.user.updateMany({ where: { id: { in: [ada.id, mel.id, gus.id, vic.id, out.id] } }, data: { emailVerifiedAt: new Date() } });
  });
  afterAll(async () => {
    await world?.close();
    await mailbox?.stop();
  });

  it('a mention in the page notifies those who can read it, answers who cannot, and never repeats an unread one', async () => {
    const pageId = await page('Roadmap');
    await world.prisma.pageShare.create({ data: { pageId, userId: vic.id, role: 'viewer' } });
    const answer = await mentions(ada, pageId, [mel.id, gus.id, vic.id, ada.id]);
    expect(answer).toEqual({ notified: expect.arrayContaining([mel.id, vic.id]), withoutAccess: [gus.id] });
    expect(answer.notified).toHaveLength(2);
    const melInbox = await inbox(mel);
    expect(melInbox.unread).toBe(1);
    expect(melInbox.notifications[0]).toMatchObject({ kind: 'page_mention', actor: { id: ada.id, name: 'Ada' }, page: { id: pageId, title: 'Roadmap' }, threadId: null, commentId: null, workspace: null, excerpt: '', readAt: null });
    expect((await inbox(vic)).notifications.map((n) => n.kind)).toEqual(['page_mention']);
    expect((await inbox(gus)).unread).toBe(0);
    expect((await inbox(ada)).unread).toBe(0);

    // Mentioned again before reading: nothing new. Once read, a new mention is news again.
    expect(await mentions(ada, pageId, [mel.id])).toEqual({ notified: [], withoutAccess: [] });
    await call(mel, 'POST', `/notifications/${melInbox.notifications[0]!.id}/read`, undefined, 204);
    expect((await mentions(ada, pageId, [mel.id])).notified).toEqual([mel.id]);

    // Vic's disappears from his inbox when his share goes (access is re-checked on every read).
    await world.prisma.pageShare.deleteMany({ where: { pageId, userId: vic.id } });
    expect(await inbox(vic)).toEqual({ notifications: [], unread: 0, nextCursor: null });
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const pageId = await page('Guarded');
    const before = await count();
    const refused = async (user: TestUser, path: string, payload: unknown, status: number, message: RegExp) => {
      const res = await api(url, user, 'POST', path, payload);
      expect(res.status).toBe(status);
      expect(await res.text()).toMatch(message);
    };
    await refused(ada, `/pages/${pageId}/mentions`, { userIds: [randomUUID()] }, 400, /not in this workspace/);
    await refused(ada, `/pages/${pageId}/mentions`, { userIds: [mel.id, out.id] }, 400, new RegExp(out.id));
    await refused(ada, `/pages/${pageId}/mentions`, { userIds: ['not-an-id'] }, 400, /UUID/);
    await refused(ada, `/pages/${pageId}/mentions`, { userIds: [] }, 400, /must name someone/);
    await refused(ada, `/pages/${pageId}/mentions`, { userIds: Array.from({ length: 21 }, () => mel.id) }, 400, /at most 20/);
    await refused(ada, `/pages/${pageId}/mentions`, { userIds: [mel.id], extra: true }, 400, /extra/);
    await refused(ada, `/pages/${randomUUID()}/mentions`, { userIds: [mel.id] }, 404, /Page/);
    // Out cannot see the page at all; Vic (a reader elsewhere) cannot see this one; a viewer may not edit.
    await refused(out, `/pages/${pageId}/mentions`, { userIds: [mel.id] }, 404, /Page/);
    await world.prisma.pageShare.create({ data: { pageId, userId: vic.id, role: 'viewer' } });
    await refused(vic, `/pages/${pageId}/mentions`, { userIds: [mel.id] }, 403, /editor/);
    await call(ada, 'POST', `/pages/${pageId}/trash`, undefined, 204);
    await refused(ada, `/pages/${pageId}/mentions`, { userIds: [mel.id] }, 409, /trash/);
    expect(await count()).toBe(before);
  });

  it('limits how often one person may mention (429 with Retry-After, nothing written)', async () => {
    const pageId = await page('Flood');
    for (let i = 0; i < RATE_MAX; i++) await mentions(mel, pageId, [gus.id]);
    const before = await count();
    const res = await api(url, mel, 'POST', `/pages/${pageId}/mentions`, { userIds: [ada.id] });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await count()).toBe(before);
    // Another person has a window of their own.
    expect((await mentions(ada, pageId, [mel.id])).notified).toEqual([mel.id]);
  });

  it('mails page mentions in the batched mention mail, linking to the page', async () => {
    const pageId = await page('Mailed plan');
    const since = mailbox.received.length;
    let melHeard = 0;
    const melClient = await world.client(pageId, { user: mel });
    await synced(melClient);
    melClient.connection.on('inbox-changed', () => (melHeard += 1));
    await mentions(ada, pageId, [mel.id]);
    await waitUntil('Mel told live', async () => melHeard === 1);
    const mail = await mailbox.waitFor(mel.email, /Ada mentioned you/, { since });
    expect(mail.text).toContain(`http://app.example.test/w/${world.workspaceId}/p/${pageId}`);
    expect(mail.text).not.toContain('?thread=');
    await waitUntil('marked mailed', async () => (await world.prisma.notification.count({ where: { userId: mel.id, pageId, emailedAt: null } })) === 0);
  });

  it('a share reaches the person\'s inbox once (a role change is no news); revoking it hides it', async () => {
    const pageId = await page('Shared plan');
    await call(ada, 'PUT', `/pages/${pageId}/shares`, { email: out.email, role: 'viewer' });
    const outInbox = await inbox(out);
    expect(outInbox.unread).toBe(1);
    expect(outInbox.notifications[0]).toMatchObject({ kind: 'share', actor: { id: ada.id }, page: { id: pageId, title: 'Shared plan' }, threadId: null });
    await call(ada, 'PUT', `/pages/${pageId}/shares`, { email: out.email, role: 'editor' });
    expect((await inbox(out)).notifications).toHaveLength(1);
    await call(ada, 'DELETE', `/pages/${pageId}/shares/${out.id}`, undefined, 204);
    expect(await inbox(out)).toEqual({ notifications: [], unread: 0, nextCursor: null });
    // A share with an address nobody has proven yet waits as a pending share: nobody to tell.
    const before = await count();
    await call(ada, 'PUT', `/pages/${pageId}/shares`, { email: `nobody-${randomUUID()}@example.test`, role: 'viewer' }, 202);
    expect(await count()).toBe(before);
  });

  it('an invitation reaches a verified account\'s inbox until it is revoked or declined', async () => {
    const other = await call<{ id: string }>(mel, 'POST', '/workspaces', { name: 'Mel\'s place' }, 201);
    const invitation = await call<{ id: string }>(mel, 'POST', `/workspaces/${other.id}/invitations`, { email: out.email, role: 'member' }, 201);
    const outInbox = await inbox(out);
    expect(outInbox.unread).toBe(1);
    expect(outInbox.notifications[0]).toMatchObject({ kind: 'invitation', actor: { id: mel.id }, page: null, workspace: { id: other.id, name: 'Mel\'s place' }, invitationId: invitation.id });
    // Invited again before reading: still one.
    await call(mel, 'POST', `/workspaces/${other.id}/invitations`, { email: out.email, role: 'admin' }, 201);
    expect((await inbox(out)).notifications).toHaveLength(1);
    await call(out, 'POST', `/notifications/${outInbox.notifications[0]!.id}/read`, undefined, 204);
    expect((await inbox(out)).unread).toBe(0);
    await call(mel, 'DELETE', `/workspaces/${other.id}/invitations/${invitation.id}`, undefined, 204);
    expect((await inbox(out)).notifications).toEqual([]);
    await call(out, 'POST', `/notifications/${outInbox.notifications[0]!.id}/read`, undefined, 404);
    // An unverified address gets nothing (the invitation still waits for whoever proves it).
    const before = await count();
    await call(mel, 'POST', `/workspaces/${other.id}/invitations`, { email: `later-${randomUUID()}@example.test`, role: 'member' }, 201);
    expect(await count()).toBe(before);
  });
});
