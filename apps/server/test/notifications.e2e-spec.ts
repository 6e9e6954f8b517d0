import type { NotificationListResponse, NotificationSettings, SharedPageResponse, ThreadView, WorkspaceView } from '@tandem/protocol';
import { Mailbox, waitUntil } from '@tandem/testkit';
import { addMember, apiJson, collabEnv, CollabWorld, shareLink, signUp, synced, type TestUser } from './support/collab/fixtures.js';

const body = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const mention = (text: string, ...people: TestUser[]) => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }, ...people.map((p) => ({ type: 'mention', attrs: { id: p.id, label: p.name } }))] }],
});

// The mention mail waits this long (production: 5 minutes).
const MAIL_DELAY_MS = 1500;

// The inbox (issue 14) on the real stack (server and worker processes, Postgres, Redis) with mail
// received by a real SMTP server: who is notified of a comment, access re-checked on every read,
// live news on the person's sockets, batched mention mails, and the workspace setting that hides
// comments from public links.
describe('notifications', () => {
  let mailbox: Mailbox;
  let world: CollabWorld;
  let url: string;
  let ada: TestUser;
  let mel: TestUser;
  let bob: TestUser;
  let gus: TestUser;

  const call = <T>(user: TestUser, method: string, path: string, payload?: unknown, status = 200): Promise<T> => apiJson<T>(url, user, method, path, payload, status);
  const inbox = (user: TestUser, query = '') => call<NotificationListResponse>(user, 'GET', `/notifications${query}`);
  async function page(title: string, as = ada): Promise<string> {
    return (await call<{ id: string }>(as, 'POST', `/workspaces/${world.workspaceId}/pages`, { title }, 201)).id;
  }

  beforeAll(async () => {
    mailbox = await new Mailbox().start();
    world = await CollabWorld.open(
      collabEnv({ SMTP_URL: mailbox.smtpUrl, MAIL_FROM: 'Tandem <tandem@example.test>', APP_URL: 'http://app.example.test', MENTION_MAIL_DELAY_MS: String(MAIL_DELAY_MS) }),
      { ownerName: 'Ada' },
    );
    url = world.serverUrl();
    ada = world.owner;
    [mel, bob, gus] = await Promise.all([signUp(url, 'Mel'), signUp(url, 'Bob'), signUp(url, 'Gus')]);
    await Promise.all([addMember(world.prisma, world.workspaceId, mel, 'member'), addMember(world.prisma, world.workspaceId, bob, 'member'), addMember(world.prisma, world.workspaceId, gus, 'guest')]);
    await world.prisma.user.updateMany({ where: { id: { in: [ada.id, mel.id, bob.id, gus.id] } }, data: { emailVerifiedAt: new Date() } });
  });
  afterAll(async () => {
    await world?.close();
    await mailbox?.stop();
  });

  it('notifies the mentioned, the thread\'s people and the page\'s creator, never the author, and only people who can read the page', async () => {
    const pageId = await page('Plans');
    // Gus is a guest without a share: mentionable (a workspace member) but unable to read the page.
    const thread = await call<ThreadView>(mel, 'POST', `/pages/${pageId}/threads`, { body: mention('What do you think ', bob, gus) }, 201);
    const adaInbox = await inbox(ada);
    expect(adaInbox.unread).toBe(1);
    expect(adaInbox.notifications[0]).toMatchObject({ kind: 'comment', actor: { id: mel.id, name: 'Mel' }, page: { id: pageId, workspaceId: world.workspaceId, title: 'Plans' }, threadId: thread.id, excerpt: 'What do you think @Bob@Gus', readAt: null });
    expect((await inbox(bob)).notifications.map((n) => [n.kind, n.threadId])).toEqual([['mention', thread.id]]);
    expect(await inbox(gus)).toEqual({ notifications: [], unread: 0, nextCursor: null });
    expect(await inbox(mel)).toEqual({ notifications: [], unread: 0, nextCursor: null });

    // Bob answers: Mel (who opened the thread) and Ada (the page's creator, not in the thread) hear.
    await call(bob, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('Looks good') }, 201);
    expect((await inbox(mel)).notifications.map((n) => n.kind)).toEqual(['reply']);
    expect((await inbox(ada)).notifications.map((n) => n.kind)).toEqual(['comment', 'comment']);
    expect((await inbox(bob)).unread).toBe(1);

    // Ada's own reply notifies Mel and Bob (both in the thread), and not Ada.
    await call(ada, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body('Agreed') }, 201);
    expect((await inbox(ada)).unread).toBe(2);
    expect((await inbox(bob)).notifications.map((n) => n.kind)).toEqual(['reply', 'mention']);

    // An edit that newly mentions someone tells them; one that mentions them again adds nothing.
    const own = await call<ThreadView>(ada, 'POST', `/pages/${pageId}/threads`, { body: body('Draft') }, 201);
    const commentId = own.comments[0]!.id;
    await call(ada, 'PATCH', `/pages/${pageId}/threads/${own.id}/comments/${commentId}`, { body: mention('Draft for ', mel) });
    await call(ada, 'PATCH', `/pages/${pageId}/threads/${own.id}/comments/${commentId}`, { body: mention('Draft for you ', mel) });
    expect((await inbox(mel)).notifications.map((n) => [n.kind, n.commentId])).toEqual([['mention', commentId], ['reply', expect.any(String)], ['reply', expect.any(String)]]);
    expect(await world.prisma.notification.count({ where: { pageId } })).toBe(7);
  });

  it('re-checks access on every read: a page no longer readable is neither listed nor counted, nor marked read', async () => {
    const pageId = await page('Secret');
    await world.prisma.pageShare.create({ data: { pageId, userId: gus.id, role: 'commenter', createdById: ada.id } });
    await call(ada, 'POST', `/pages/${pageId}/threads`, { body: mention('Have a look ', gus) }, 201);
    const before = await inbox(gus);
    expect(before.unread).toBe(1);
    const id = before.notifications[0]!.id;
    await world.prisma.pageShare.deleteMany({ where: { pageId, userId: gus.id } });
    expect(await inbox(gus)).toEqual({ notifications: [], unread: 0, nextCursor: null });
    await call(gus, 'POST', `/notifications/${id}/read`, undefined, 404);
    // Shared again: it is back, still unread.
    await world.prisma.pageShare.create({ data: { pageId, userId: gus.id, role: 'viewer', createdById: ada.id } });
    expect((await inbox(gus)).unread).toBe(1);
    // Someone else's notification, a made-up id and garbage are all 404.
    await call(mel, 'POST', `/notifications/${id}/read`, undefined, 404);
    await call(gus, 'POST', '/notifications/0190a000-0000-7000-8000-000000000000/read', undefined, 404);
    await call(gus, 'POST', '/notifications/not-an-id/read', undefined, 404);
    await call(gus, 'POST', `/notifications/${id}/read`, undefined, 204);
    expect((await inbox(gus)).notifications[0]!.readAt).not.toBeNull();
    await call(gus, 'GET', '/notifications?cursor=nope', undefined, 400);
    await call(gus, 'GET', '/notifications?other=1', undefined, 400);
  });

  it('pages newest first and marks all read', async () => {
    const pageId = await page('Busy');
    const thread = await call<ThreadView>(ada, 'POST', `/pages/${pageId}/threads`, { body: body('Start') }, 201);
    // 31 replies by Mel and Bob in turn: Ada hears of each (35 with the earlier tests' ones).
    for (let i = 0; i < 31; i++) await call(i % 2 ? mel : bob, 'POST', `/pages/${pageId}/threads/${thread.id}/comments`, { body: body(`reply ${i}`) }, 201);
    const first = await inbox(ada);
    expect(first.notifications).toHaveLength(30);
    expect(first.notifications[0]!.excerpt).toBe('reply 30');
    expect(first.nextCursor).toBe(first.notifications[29]!.id);
    const second = await inbox(ada, `?cursor=${first.nextCursor}`);
    expect(second.notifications.length).toBeGreaterThan(0);
    expect(second.notifications.every((n) => n.id < first.nextCursor!)).toBe(true);
    const unread = first.unread;
    expect(unread).toBeGreaterThanOrEqual(33);
    await call(ada, 'POST', '/notifications/read-all', undefined, 204);
    const after = await inbox(ada);
    expect(after.unread).toBe(0);
    expect(after.notifications.every((n) => n.readAt !== null)).toBe(true);
  });

  it('tells every socket of the recipient live, and nobody else', async () => {
    const pageId = await page('Live');
    const bobClient = await world.client(pageId, { user: bob });
    const melClient = await world.client(pageId, { user: mel });
    await Promise.all([synced(bobClient), synced(melClient)]);
    let bobHeard = 0;
    let melHeard = 0;
    bobClient.connection.on('inbox-changed', () => (bobHeard += 1));
    melClient.connection.on('inbox-changed', () => (melHeard += 1));
    // Mel mentions Bob: Bob's socket hears (so does Ada's creator inbox, with no socket here).
    await call(mel, 'POST', `/pages/${pageId}/threads`, { body: mention('Ping ', bob) }, 201);
    await waitUntil('Bob told', async () => bobHeard === 1);
    // Bob reads it in one tab: his other tabs update their badge too.
    const n = (await inbox(bob)).notifications[0]!;
    await call(bob, 'POST', `/notifications/${n.id}/read`, undefined, 204);
    await waitUntil('Bob told of the read', async () => bobHeard === 2);
    expect(melHeard).toBe(0);
  });

  it('mails mentions once, batched after a delay, skipping those read meanwhile and people who turned mails off', async () => {
    const pageId = await page('Launch');
    // Earlier tests' mentions of Mel and Ada are mailed first (their jobs are due by now), and
    // their mails have landed, so what follows is this test's alone.
    const earlier = { userId: { in: [mel.id, ada.id] }, kind: 'mention' as const, readAt: null, emailedAt: null };
    await waitUntil("earlier mentions' mails sent", async () => (await world.prisma.notification.count({ where: earlier })) === 0, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    const since = mailbox.received.length;
    // Two mentions of Mel in a burst: one mail with both.
    const first = await call<ThreadView>(ada, 'POST', `/pages/${pageId}/threads`, { body: mention('Can you check ', mel) }, 201);
    await call(bob, 'POST', `/pages/${pageId}/threads/${first.id}/comments`, { body: mention('Also ', mel, ada) }, 201);
    const mail = await mailbox.waitFor(mel.email, /mentioned you (2 times|in "Launch")/, { since });
    expect(mail.subject).toBe('People mentioned you 2 times on Tandem');
    expect(mail.text).toContain('Ada in "Launch":\n  Can you check @Mel');
    expect(mail.text).toContain('Bob in "Launch":\n  Also @Mel@Ada');
    expect(mail.links).toContain(`http://app.example.test/w/${world.workspaceId}/p/${pageId}?thread=${first.id}`);
    // Ada (mentioned by Bob) gets her own mail.
    expect((await mailbox.waitFor(ada.email, /Bob mentioned you in "Launch"/, { since })).text).toContain('Also @Mel@Ada');
    // Marked mailed once the send went through (the mail lands a moment before that update).
    await waitUntil('the mentions marked mailed', async () => (await world.prisma.notification.count({ where: { pageId, kind: 'mention', emailedAt: null } })) === 0);

    // Read in the app before the delay ends: no mail.
    const sinceRead = mailbox.received.length;
    await call(ada, 'POST', `/pages/${pageId}/threads`, { body: mention('Quick one ', bob) }, 201);
    await call(bob, 'POST', '/notifications/read-all', undefined, 204);
    // Mails off: no mail either.
    expect(await call<NotificationSettings>(mel, 'GET', '/notifications/settings')).toEqual({ emailMentions: true });
    expect(await call<NotificationSettings>(mel, 'PATCH', '/notifications/settings', { emailMentions: false })).toEqual({ emailMentions: false });
    await call(mel, 'PATCH', '/notifications/settings', { emailMentions: 'no' }, 400);
    await call(mel, 'PATCH', '/notifications/settings', {}, 400);
    await call(ada, 'POST', `/pages/${pageId}/threads`, { body: mention('And ', mel) }, 201);
    // A marker mention after both, to Ada: once it arrives, the other two jobs have run too.
    await call(bob, 'POST', `/pages/${pageId}/threads`, { body: mention('Marker ', ada) }, 201);
    await mailbox.waitFor(ada.email, /Bob mentioned you/, { since: sinceRead });
    // The other two jobs were due before the marker's; give them a moment beyond it.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await world.prisma.notification.count({ where: { pageId, kind: 'mention', userId: { in: [bob.id, mel.id] }, emailedAt: null } })).toBe(2);
    expect(mailbox.received.slice(sinceRead).filter((m) => m.to.includes(bob.email) || m.to.includes(mel.email))).toEqual([]);
    expect((await world.prisma.auditLog.findFirstOrThrow({ where: { action: 'auth.notifications_updated', actorId: mel.id } })).metadata).toEqual({ emailMentions: false });
  });

  it('a workspace setting (owners and admins, audited) hides comments from public links', async () => {
    const pageId = await page('Public');
    await call(ada, 'POST', `/pages/${pageId}/threads`, { body: body('Internal note') }, 201);
    const token = await shareLink(world.prisma, pageId);
    const anonymous = (path: string) => fetch(`${url}${path}`);
    expect(((await (await anonymous(`/share/${token}`)).json()) as SharedPageResponse).commentsVisible).toBe(true);
    expect((await anonymous(`/share/${token}/threads`)).status).toBe(200);

    await call(mel, 'PATCH', `/workspaces/${world.workspaceId}/settings`, { commentsOnPublicLinks: false }, 403);
    await call(ada, 'PATCH', `/workspaces/${world.workspaceId}/settings`, { commentsOnPublicLinks: 'no' }, 400);
    await call(ada, 'PATCH', `/workspaces/${world.workspaceId}/settings`, { somethingElse: true }, 400);
    const updated = await call<WorkspaceView>(ada, 'PATCH', `/workspaces/${world.workspaceId}/settings`, { commentsOnPublicLinks: false });
    expect(updated.settings).toEqual({ commentsOnPublicLinks: false });
    expect((await call<WorkspaceView[]>(mel, 'GET', '/workspaces')).find((w) => w.id === world.workspaceId)?.settings).toEqual({ commentsOnPublicLinks: false });
    expect(((await (await anonymous(`/share/${token}`)).json()) as SharedPageResponse).commentsVisible).toBe(false);
    expect((await anonymous(`/share/${token}/threads`)).status).toBe(404);
    // Members still read and write them.
    expect((await call<{ threads: unknown[] }>(mel, 'GET', `/pages/${pageId}/threads`)).threads).toHaveLength(1);
    const audit = await world.prisma.auditLog.findFirstOrThrow({ where: { action: 'workspace.settings_changed', workspaceId: world.workspaceId } });
    expect(audit).toMatchObject({ actorId: ada.id, targetType: 'workspace', metadata: { commentsOnPublicLinks: false } });

    await call(ada, 'PATCH', `/workspaces/${world.workspaceId}/settings`, { commentsOnPublicLinks: true });
    expect((await anonymous(`/share/${token}/threads`)).status).toBe(200);
  });
});
