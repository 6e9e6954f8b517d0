import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PrismaService } from '../src/infra/prisma.service.js';
import { randomEmail, randomIp, signUp, type TestUser } from './support/accounts.js';
import { addMember, createPage, createWorkspace, openApi } from './support/world.js';

describe('workspaces, members and invitations', () => {
  let app: INestApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let owner: TestUser;

  beforeAll(async () => {
    ({ app, prisma, http } = await openApi());
    owner = await signUp(app, 'ws-owner');
  });
  afterAll(() => app.close());

  it('creates, lists mine with my role, renames and deletes', async () => {
    const created = await http.post('/workspaces').set('Authorization', owner.bearer).send({ name: '  Team  ' }).expect(201);
    expect(created.body).toMatchObject({ name: 'Team', role: 'owner' });
    const stranger = await signUp(app, 'stranger');
    const mine = await http.get('/workspaces').set('Authorization', owner.bearer).expect(200);
    expect(mine.body.map((w: { id: string }) => w.id)).toContain(created.body.id);
    const theirs = await http.get('/workspaces').set('Authorization', stranger.bearer).expect(200);
    expect(theirs.body).toEqual([]);
    expect((await http.patch(`/workspaces/${created.body.id}`).set('Authorization', owner.bearer).send({ name: 'Renamed' }).expect(200)).body.name).toBe('Renamed');
    await http.patch(`/workspaces/${created.body.id}`).set('Authorization', owner.bearer).send({ name: '' }).expect(400);
    await http.post('/workspaces').set('Authorization', owner.bearer).send({}).expect(400);
    await http.delete(`/workspaces/${created.body.id}`).set('Authorization', stranger.bearer).expect(404);
    await http.delete(`/workspaces/${created.body.id}`).set('Authorization', owner.bearer).expect(204);
    expect(await prisma.workspace.count({ where: { id: created.body.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { action: 'workspace.deleted', targetId: created.body.id } })).toBe(1);
  });

  it('only the owner deletes; admins rename; members and guests may not', async () => {
    const ws = await createWorkspace(app, owner);
    const admin = await addMember(app, ws, 'admin');
    const member = await addMember(app, ws, 'member');
    const guest = await addMember(app, ws, 'guest');
    await http.patch(`/workspaces/${ws}`).set('Authorization', admin.bearer).send({ name: 'ok' }).expect(200);
    await http.patch(`/workspaces/${ws}`).set('Authorization', member.bearer).send({ name: 'no' }).expect(403);
    await http.patch(`/workspaces/${ws}`).set('Authorization', guest.bearer).send({ name: 'no' }).expect(403);
    await http.delete(`/workspaces/${ws}`).set('Authorization', admin.bearer).expect(403);
    expect(await prisma.workspace.count({ where: { id: ws } })).toBe(1);
  });

  it('invites an address without an account; signing up alone does not join (verification does, see account-email)', async () => {
    const ws = await createWorkspace(app, owner);
    const email = randomEmail('invitee');
    const inv = await http.post(`/workspaces/${ws}/invitations`).set('Authorization', owner.bearer).send({ email: email.toUpperCase(), role: 'member' }).expect(201);
    expect(inv.body).toMatchObject({ email, role: 'member', invitedBy: { id: owner.id } });
    const list = await http.get(`/workspaces/${ws}/members`).set('Authorization', owner.bearer).expect(200);
    expect(list.body.invitations.map((i: { email: string }) => i.email)).toEqual([email]);
    const res = await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email, name: 'Invitee', password: 'long password' }).expect(201);
    const after = await http.get(`/workspaces/${ws}/members`).set('Authorization', owner.bearer).expect(200);
    expect(after.body.members.find((m: { userId: string }) => m.userId === res.body.user.id)).toBeUndefined();
    expect(after.body.invitations.map((i: { email: string }) => i.email)).toEqual([email]);
  });

  it('an existing account joins on its next log-in, or accepts / declines from its list', async () => {
    const ws = await createWorkspace(app, owner, 'Invites');
    const a = await signUp(app, 'existing-a');
    const b = await signUp(app, 'existing-b');
    const c = await signUp(app, 'existing-c');
    for (const [u, role] of [[a, 'guest'], [b, 'admin'], [c, 'member']] as const) {
      await http.post(`/workspaces/${ws}/invitations`).set('Authorization', owner.bearer).send({ email: u.email, role }).expect(201);
    }
    // a: log-in accepts.
    await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: a.email, password: a.password }).expect(200);
    expect((await prisma.workspaceMember.findUniqueOrThrow({ where: { workspaceId_userId: { workspaceId: ws, userId: a.id } } })).role).toBe('guest');
    // b: sees it, accepts it.
    const pending = await http.get('/invitations').set('Authorization', b.bearer).expect(200);
    expect(pending.body.invitations).toHaveLength(1);
    expect(pending.body.invitations[0]).toMatchObject({ workspaceId: ws, workspaceName: 'Invites', role: 'admin' });
    // Someone else can't accept b's invitation.
    await http.post(`/invitations/${pending.body.invitations[0].id}/accept`).set('Authorization', c.bearer).expect(404);
    const accepted = await http.post(`/invitations/${pending.body.invitations[0].id}/accept`).set('Authorization', b.bearer).expect(200);
    expect(accepted.body).toMatchObject({ id: ws, role: 'admin' });
    await http.post(`/invitations/${pending.body.invitations[0].id}/accept`).set('Authorization', b.bearer).expect(404);
    // c: declines.
    const cPending = await http.get('/invitations').set('Authorization', c.bearer).expect(200);
    await http.post(`/invitations/${cPending.body.invitations[0].id}/decline`).set('Authorization', c.bearer).expect(204);
    expect(await prisma.workspaceMember.count({ where: { workspaceId: ws, userId: c.id } })).toBe(0);
    expect((await http.get('/invitations').set('Authorization', c.bearer).expect(200)).body.invitations).toEqual([]);
  });

  it('validates invitations and lets managers revoke them', async () => {
    const ws = await createWorkspace(app, owner);
    const admin = await addMember(app, ws, 'admin');
    const member = await addMember(app, ws, 'member');
    await http.post(`/workspaces/${ws}/invitations`).set('Authorization', owner.bearer).send({ email: 'nope', role: 'member' }).expect(400);
    const badRole = await http.post(`/workspaces/${ws}/invitations`).set('Authorization', owner.bearer).send({ email: randomEmail(), role: 'owner' }).expect(400);
    expect(badRole.body.error.fields['body.role']).toBeDefined();
    await http.post(`/workspaces/${ws}/invitations`).set('Authorization', owner.bearer).send({ email: member.email, role: 'member' }).expect(409);
    await http.post(`/workspaces/${ws}/invitations`).set('Authorization', member.bearer).send({ email: randomEmail(), role: 'member' }).expect(403);
    await http.post(`/workspaces/${ws}/invitations`).set('Authorization', admin.bearer).send({ email: randomEmail(), role: 'admin' }).expect(403);
    const inv = await http.post(`/workspaces/${ws}/invitations`).set('Authorization', admin.bearer).send({ email: randomEmail(), role: 'guest' }).expect(201);
    const members = await http.get(`/workspaces/${ws}/members`).set('Authorization', member.bearer).expect(200);
    expect(members.body.invitations).toEqual([]);
    await http.delete(`/workspaces/${ws}/invitations/${inv.body.id}`).set('Authorization', member.bearer).expect(403);
    await http.delete(`/workspaces/${ws}/invitations/${inv.body.id}`).set('Authorization', admin.bearer).expect(204);
    await http.delete(`/workspaces/${ws}/invitations/${inv.body.id}`).set('Authorization', admin.bearer).expect(404);
  });

  it('changes roles with the owner/admin rules', async () => {
    const ws = await createWorkspace(app, owner);
    const admin = await addMember(app, ws, 'admin');
    const admin2 = await addMember(app, ws, 'admin');
    const member = await addMember(app, ws, 'member');
    await http.patch(`/workspaces/${ws}/members/${member.id}`).set('Authorization', admin.bearer).send({ role: 'guest' }).expect(200);
    await http.patch(`/workspaces/${ws}/members/${member.id}`).set('Authorization', admin.bearer).send({ role: 'admin' }).expect(403);
    await http.patch(`/workspaces/${ws}/members/${admin2.id}`).set('Authorization', admin.bearer).send({ role: 'member' }).expect(403);
    await http.patch(`/workspaces/${ws}/members/${owner.id}`).set('Authorization', admin.bearer).send({ role: 'member' }).expect(409);
    await http.patch(`/workspaces/${ws}/members/${admin.id}`).set('Authorization', admin.bearer).send({ role: 'member' }).expect(409);
    await http.patch(`/workspaces/${ws}/members/${member.id}`).set('Authorization', member.bearer).send({ role: 'member' }).expect(403);
    await http.patch(`/workspaces/${ws}/members/${member.id}`).set('Authorization', owner.bearer).send({ role: 'superuser' }).expect(400);
    const promoted = await http.patch(`/workspaces/${ws}/members/${member.id}`).set('Authorization', owner.bearer).send({ role: 'admin' }).expect(200);
    expect(promoted.body).toMatchObject({ userId: member.id, role: 'admin' });
    expect(await prisma.auditLog.count({ where: { action: 'member.role_changed', targetId: member.id, workspaceId: ws } })).toBe(2);
    const outsider = await signUp(app, 'outsider');
    await http.patch(`/workspaces/${ws}/members/${outsider.id}`).set('Authorization', owner.bearer).send({ role: 'member' }).expect(404);
  });

  it('removes members together with their page shares; the removed lose the workspace at once', async () => {
    const ws = await createWorkspace(app, owner);
    const admin = await addMember(app, ws, 'admin');
    const guest = await addMember(app, ws, 'guest');
    const page = await createPage(app, owner, ws, { title: 'shared' });
    await http.put(`/pages/${page.id}/shares`).set('Authorization', owner.bearer).send({ email: guest.email, role: 'editor' }).expect(200);
    await http.get(`/pages/${page.id}`).set('Authorization', guest.bearer).expect(200);
    await http.delete(`/workspaces/${ws}/members/${owner.id}`).set('Authorization', admin.bearer).expect(409);
    await http.delete(`/workspaces/${ws}/members/${guest.id}`).set('Authorization', admin.bearer).expect(204);
    await http.get(`/pages/${page.id}`).set('Authorization', guest.bearer).expect(404);
    await http.get(`/workspaces/${ws}/pages`).set('Authorization', guest.bearer).expect(404);
    expect(await prisma.pageShare.count({ where: { userId: guest.id } })).toBe(0);
    await http.delete(`/workspaces/${ws}/members/${admin.id}`).set('Authorization', owner.bearer).expect(204);
  });

  it('members leave; the last owner cannot until ownership is transferred', async () => {
    const ws = await createWorkspace(app, owner);
    const member = await addMember(app, ws, 'member');
    await http.post(`/workspaces/${ws}/leave`).set('Authorization', owner.bearer).expect(409);
    await http.post(`/workspaces/${ws}/transfer`).set('Authorization', member.bearer).send({ userId: member.id }).expect(403);
    await http.post(`/workspaces/${ws}/transfer`).set('Authorization', owner.bearer).send({ userId: 'x' }).expect(400);
    const transferred = await http.post(`/workspaces/${ws}/transfer`).set('Authorization', owner.bearer).send({ userId: member.id }).expect(200);
    const roles = Object.fromEntries(transferred.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]));
    expect(roles).toEqual({ [owner.id]: 'admin', [member.id]: 'owner' });
    await http.post(`/workspaces/${ws}/leave`).set('Authorization', owner.bearer).expect(204);
    await http.get(`/workspaces/${ws}/members`).set('Authorization', owner.bearer).expect(404);
    await http.post(`/workspaces/${ws}/leave`).set('Authorization', member.bearer).expect(409);
  });

  it('two owners leaving at once cannot leave the workspace ownerless', async () => {
    const ws = await createWorkspace(app, owner);
    const second = await addMember(app, ws, 'owner');
    const results = await Promise.all([owner, second].map((u) => http.post(`/workspaces/${ws}/leave`).set('Authorization', u.bearer)));
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(await prisma.workspaceMember.count({ where: { workspaceId: ws, role: 'owner' } })).toBe(1);
  });
});
