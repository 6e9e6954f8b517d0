import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { AccessService } from '../src/access/access.service.js';
import { AuthService } from '../src/auth/auth.service.js';
import { RedisService } from '../src/infra/redis.service.js';
import { randomEmail, signUp } from './support/accounts.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

describe('sharing and the access function', () => {
  const api = apiSuite('share-owner');

  it('shares with an outsider as a guest; the grant is inherited and the strongest wins', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const top = await createPage(api.app, api.owner, ws, { title: 'top' });
    const mid = await createPage(api.app, api.owner, ws, { title: 'mid', parentId: top.id });
    const leaf = await createPage(api.app, api.owner, ws, { title: 'leaf', parentId: mid.id });
    const other = await createPage(api.app, api.owner, ws, { title: 'other' });
    const friend = await signUp(api.app, 'friend');

    const shared = await api.http.put(`/pages/${top.id}/shares`).set('Authorization', api.owner.bearer).send({ email: friend.email, role: 'viewer' }).expect(200);
    expect(shared.body).toMatchObject({ userId: friend.id, role: 'viewer', pageId: top.id });
    expect((await api.prisma.workspaceMember.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId: ws, userId: friend.id } } })).role).toBe('guest');
    await api.http.put(`/pages/${mid.id}/shares`).set('Authorization', api.owner.bearer).send({ email: friend.email, role: 'editor' }).expect(200);

    const access = api.app.get(AccessService);
    const principal = { kind: 'user' as const, userId: friend.id, name: 'friend' };
    expect(await access.pageRole(principal, top.id)).toBe('viewer');
    expect(await access.pageRole(principal, mid.id)).toBe('editor');
    expect(await access.pageRole(principal, leaf.id)).toBe('editor');
    expect(await access.pageRole(principal, other.id)).toBeNull();
    expect(await access.pageRole(principal, 'not-a-uuid')).toBeNull();

    const tree = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', friend.bearer).expect(200);
    expect(Object.fromEntries(tree.body.pages.map((p: { title: string; role: string }) => [p.title, p.role]))).toEqual({ top: 'viewer', mid: 'editor', leaf: 'editor' });
    await api.http.get(`/pages/${other.id}`).set('Authorization', friend.bearer).expect(404);
    await api.http.patch(`/pages/${top.id}`).set('Authorization', friend.bearer).send({ title: 'x' }).expect(403);
    await api.http.patch(`/pages/${leaf.id}`).set('Authorization', friend.bearer).send({ title: 'edited' }).expect(200);

    // Lists shares that apply, nearest first; a guest may not see them.
    const list = await api.http.get(`/pages/${leaf.id}/shares`).set('Authorization', api.owner.bearer).expect(200);
    expect(list.body.shares.map((s: { pageId: string; role: string }) => [s.pageId, s.role])).toEqual([[mid.id, 'editor'], [top.id, 'viewer']]);
    await api.http.get(`/pages/${leaf.id}/shares`).set('Authorization', friend.bearer).expect(403);

    // Revoking the stronger grant drops back to the inherited one.
    await api.http.delete(`/pages/${mid.id}/shares/${friend.id}`).set('Authorization', api.owner.bearer).expect(204);
    expect(await access.pageRole(principal, leaf.id)).toBe('viewer');
    await api.http.delete(`/pages/${mid.id}/shares/${friend.id}`).set('Authorization', api.owner.bearer).expect(404);
    expect(await api.prisma.auditLog.count({ where: { action: { in: ['share.granted', 'share.revoked'] }, targetId: mid.id } })).toBe(2);
  });

  it('a guest sees a shared sub-page as a root and breadcrumbs start at their share', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const top = await createPage(api.app, api.owner, ws, { title: 'top' });
    const mid = await createPage(api.app, api.owner, ws, { title: 'mid', parentId: top.id });
    const leaf = await createPage(api.app, api.owner, ws, { title: 'leaf', parentId: mid.id });
    const guest = await addMember(api.app, ws, 'guest');
    await api.http.put(`/pages/${mid.id}/shares`).set('Authorization', api.owner.bearer).send({ email: guest.email, role: 'commenter' }).expect(200);
    const tree = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', guest.bearer).expect(200);
    expect(tree.body.pages.map((p: { title: string; parentId: string | null }) => [p.title, p.parentId])).toEqual([['mid', null], ['leaf', mid.id]]);
    const detail = await api.http.get(`/pages/${leaf.id}`).set('Authorization', guest.bearer).expect(200);
    expect(detail.body.role).toBe('commenter');
    expect(detail.body.ancestors.map((a: { title: string }) => a.title)).toEqual(['mid']);
  });

  it('validates share bodies; an address without a verified account gets a pending share (202)', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws);
    const r1 = await api.http.put(`/pages/${page.id}/shares`).set('Authorization', api.owner.bearer).send({ email: randomEmail(), role: 'owner' }).expect(400);
    expect(r1.body.error.fields['body.role']).toBeDefined();
    await api.http.put(`/pages/${page.id}/shares`).set('Authorization', api.owner.bearer).send({ email: 'x', role: 'viewer' }).expect(400);
    await api.http.put(`/pages/${page.id}/shares`).set('Authorization', api.owner.bearer).send({ email: randomEmail(), role: 'viewer' }).expect(202);
    await api.http.delete(`/pages/${page.id}/shares/not-a-uuid`).set('Authorization', api.owner.bearer).expect(400);
  });

  it('public links: read-only, only the hash stored, dead once revoked or trashed', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Public' });
    const child = await createPage(api.app, api.owner, ws, { title: 'child', parentId: page.id });
    const sibling = await createPage(api.app, api.owner, ws, { title: 'sibling' });
    await api.http.post(`/pages/${page.id}/links`).set('Authorization', api.owner.bearer).send({ role: 'editor' }).expect(400);
    const link = await api.http.post(`/pages/${page.id}/links`).set('Authorization', api.owner.bearer).expect(201);
    expect(link.body).toMatchObject({ pageId: page.id, role: 'viewer', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const row = await api.prisma.shareLink.findUniqueOrThrow({ where: { id: link.body.id } });
    expect(row.tokenHash).not.toBe(link.body.token);
    const listed = await api.http.get(`/pages/${page.id}/links`).set('Authorization', api.owner.bearer).expect(200);
    expect(listed.body.links).toEqual([{ id: link.body.id, pageId: page.id, role: 'viewer', createdAt: expect.any(String) }]);

    const opened = await api.http.get(`/share/${link.body.token}`).expect(200);
    expect(opened.body).toEqual({ page: { id: page.id, workspaceId: ws, title: 'Public', icon: null, fullWidth: false, smallText: false, cover: null, coverPosition: 50, kind: 'page' }, role: 'viewer', commentsVisible: true });
    await api.http.get('/share/bad token!').expect(400);
    await api.http.get(`/share/${'A'.repeat(43)}`).expect(404);

    // The link's socket principal reads the page and its descendants, nothing else.
    const socket = await api.http.post('/auth/socket-token').send({ shareToken: link.body.token }).expect(200);
    const auth = api.app.get(AuthService);
    const principal = await auth.verifySocketToken(socket.body.token);
    expect(principal).toEqual({ kind: 'link', shareLinkId: link.body.id, pageId: page.id });
    const access = api.app.get(AccessService);
    expect(await access.pageRole(principal!, page.id)).toBe('viewer');
    expect(await access.pageRole(principal!, child.id)).toBe('viewer');
    expect(await access.pageRole(principal!, sibling.id)).toBeNull();

    await api.http.post(`/pages/${page.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    await api.http.get(`/share/${link.body.token}`).expect(404);
    expect(await access.pageRole(principal!, page.id)).toBeNull();
    await api.http.post(`/pages/${page.id}/restore`).set('Authorization', api.owner.bearer).expect(200);
    await api.http.get(`/share/${link.body.token}`).expect(200);

    await api.http.delete(`/pages/${page.id}/links/${link.body.id}`).set('Authorization', api.owner.bearer).expect(204);
    await api.http.get(`/share/${link.body.token}`).expect(404);
    expect(await access.pageRole(principal!, page.id)).toBeNull();
    expect(await auth.verifySocketToken(socket.body.token)).toBeNull();
    await api.http.post('/auth/socket-token').send({ shareToken: link.body.token }).expect(404);
    await api.http.delete(`/pages/${page.id}/links/${link.body.id}`).set('Authorization', api.owner.bearer).expect(404);
  });

  it('publishes access-changed and workspace-changed for the gateway', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws);
    const friend = await addMember(api.app, ws, 'guest');
    await api.http.put(`/pages/${page.id}/shares`).set('Authorization', api.owner.bearer).send({ email: friend.email, role: 'editor' }).expect(200);

    const redis = api.app.get(RedisService);
    const sub = redis.duplicate();
    const messages: Array<[string, unknown]> = [];
    sub.on('message', (channel: string, message: string) => messages.push([channel, JSON.parse(message)]));
    await sub.subscribe(redis.key('access-changed'), redis.key('workspace-changed'));
    try {
      await api.http.delete(`/pages/${page.id}/shares/${friend.id}`).set('Authorization', api.owner.bearer).expect(204);
      await api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({ title: 'renamed' }).expect(200);
      await api.http.post(`/pages/${page.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
      const expected: Array<[string, unknown]> = [
        [redis.key('access-changed'), { pageIds: [page.id], userIds: [friend.id] }],
        [redis.key('workspace-changed'), { workspaceId: ws }],
        [redis.key('access-changed'), { pageIds: [page.id] }],
        [redis.key('workspace-changed'), { workspaceId: ws }],
      ];
      // The server published before answering; a marker published after the last answer arrives
      // after all of them (one Redis, in order), so nothing of ours is still on the way.
      const marker = { workspaceId: randomUUID() };
      await redis.client.publish(redis.key('workspace-changed'), JSON.stringify(marker));
      await waitUntil('the marker after the published changes', async () => messages.some(([, m]) => JSON.stringify(m) === JSON.stringify(marker)), 10_000);
      const mine = messages.filter(([, m]) => JSON.stringify(m).includes(page.id) || JSON.stringify(m).includes(ws));
      expect(mine).toEqual(expected);
    } finally {
      await sub.quit();
    }
  });
});
