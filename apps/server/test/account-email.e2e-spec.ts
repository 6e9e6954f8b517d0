import type { INestApplication } from '@nestjs/common';
import { Mailbox, tokenFrom } from '@tandem/testkit';
import request from 'supertest';
import { PrismaService } from '../src/infra/prisma.service.js';
import { randomEmail, randomIp, signUp } from './support/accounts.js';
import { createPage, createWorkspace, openApi } from './support/world.js';

// Verified addresses, password reset and the mails behind them, received by a real SMTP server
// (testkit's Mailbox) from the server's real nodemailer transport; the tests follow the links.
describe('account email: verification, password reset, invitation and share mails', () => {
  let mailbox: Mailbox;
  let app: INestApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    mailbox = await new Mailbox().start();
    process.env.SMTP_URL = mailbox.smtpUrl;
    process.env.MAIL_FROM = 'Tandem <tandem@example.test>';
    process.env.APP_URL = 'http://app.example.test';
    ({ app, prisma, http } = await openApi());
  });
  afterAll(async () => {
    await app.close();
    await mailbox.stop();
  });

  const signUpRaw = async (email: string, password = 'a long password') => {
    const res = await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email, name: 'Someone', password }).expect(201);
    return { id: res.body.user.id as string, bearer: `Bearer ${res.body.token}`, body: res.body };
  };
  const verifyLink = async (email: string) => (await mailbox.waitFor(email, /Confirm your email/)).links[0];

  it('mails a single-use verification link at sign-up; opening it verifies the address', async () => {
    const email = randomEmail('verify');
    const { id, bearer, body } = await signUpRaw(email);
    expect(body.user.emailVerified).toBe(false);
    const link = await verifyLink(email);
    expect(link).toMatch(/^http:\/\/app\.example\.test\/verify-email\?token=[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored.
    const stored = await prisma.emailToken.findFirstOrThrow({ where: { userId: id } });
    expect(stored.tokenHash).not.toBe(tokenFrom(link));
    const res = await http.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: tokenFrom(link) }).expect(200);
    expect(res.body).toEqual({ user: expect.objectContaining({ id, email, emailVerified: true }), joinedWorkspaceIds: [] });
    expect((await http.get('/auth/me').set('Authorization', bearer).expect(200)).body.user.emailVerified).toBe(true);
    const again = await http.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: tokenFrom(link) }).expect(400);
    expect(again.body.error.fields['body.token']).toMatch(/already used|expired/);
    expect(await prisma.auditLog.count({ where: { action: 'auth.email_verified', actorId: id } })).toBe(1);
  });

  it('resending retires the old link; garbage and expired tokens are refused', async () => {
    const email = randomEmail('resend');
    const { id, bearer } = await signUpRaw(email);
    const first = await verifyLink(email);
    const since = mailbox.received.length;
    await http.post('/auth/verify-email/resend').set('Authorization', bearer).expect(204);
    const second = (await mailbox.waitFor(email, /Confirm your email/, { since })).links[0];
    expect(second).not.toBe(first);
    await http.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: tokenFrom(first) }).expect(400);
    await http.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: 'not a token!' }).expect(400);
    await prisma.emailToken.updateMany({ where: { userId: id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await http.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: tokenFrom(second) }).expect(400);
    expect((await prisma.user.findUniqueOrThrow({ where: { id } })).emailVerifiedAt).toBeNull();
    await http.post('/auth/verify-email/resend').expect(401);
  });

  it('registering an invited address first captures nothing until the address is proven', async () => {
    const owner = await signUp(app, 'owner');
    const ws = await createWorkspace(app, owner, 'Secret plans');
    const victim = randomEmail('victim');
    await http.post(`/workspaces/${ws}/invitations`).set('Authorization', owner.bearer).send({ email: victim, role: 'admin' }).expect(201);
    const invitationMail = await mailbox.waitFor(victim, /invited you to Secret plans/);
    expect(invitationMail.text).toContain('as admin');

    // Someone else registers the address first: no membership, no invitation to see or accept.
    const squatter = await signUpRaw(victim, 'squatter password');
    expect(await prisma.workspaceMember.count({ where: { workspaceId: ws, userId: squatter.id } })).toBe(0);
    expect((await http.get('/invitations').set('Authorization', squatter.bearer).expect(200)).body.invitations).toEqual([]);
    const invitation = await prisma.invitation.findFirstOrThrow({ where: { workspaceId: ws, email: victim } });
    const refused = await http.post(`/invitations/${invitation.id}/accept`).set('Authorization', squatter.bearer).expect(403);
    expect(refused.body.error.message).toMatch(/Confirm your email/);
    await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: victim, password: 'squatter password' }).expect(200);
    expect(await prisma.workspaceMember.count({ where: { workspaceId: ws, userId: squatter.id } })).toBe(0);
    expect((await http.get(`/workspaces/${ws}/members`).set('Authorization', owner.bearer).expect(200)).body.invitations).toHaveLength(1);

    // Only the address's owner can open the link; then the invitation is accepted.
    const res = await http.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: tokenFrom(await verifyLink(victim)) }).expect(200);
    expect(res.body.joinedWorkspaceIds).toEqual([ws]);
    expect((await prisma.workspaceMember.findFirstOrThrow({ where: { workspaceId: ws, userId: squatter.id } })).role).toBe('admin');
  });

  it('a share to an unknown or unverified address stays pending (same answer) and binds on verification', async () => {
    const owner = await signUp(app, 'sharer');
    const ws = await createWorkspace(app, owner);
    const page = await createPage(app, owner, ws, { title: 'Roadmap' });
    const unverified = randomEmail('unverified');
    const person = await signUpRaw(unverified);
    const unknown = randomEmail('unknown');
    const a = await http.put(`/pages/${page.id}/shares`).set('Authorization', owner.bearer).send({ email: unverified, role: 'editor' }).expect(202);
    const b = await http.put(`/pages/${page.id}/shares`).set('Authorization', owner.bearer).send({ email: unknown, role: 'editor' }).expect(202);
    expect(Object.keys(a.body).sort()).toEqual(Object.keys(b.body).sort());
    expect(a.body).toMatchObject({ email: unverified, role: 'editor', pageId: page.id, pending: true });
    expect(await prisma.pageShare.count({ where: { pageId: page.id } })).toBe(0);
    await http.get(`/pages/${page.id}`).set('Authorization', person.bearer).expect(404);
    const list = await http.get(`/pages/${page.id}/shares`).set('Authorization', owner.bearer).expect(200);
    expect(list.body.pending.map((p: { email: string }) => p.email).sort()).toEqual([unverified, unknown].sort());
    // Both addresses are told by mail, known account or not.
    expect((await mailbox.waitFor(unknown, /shared "Roadmap"/)).links[0]).toBe(`http://app.example.test/w/${ws}/p/${page.id}`);
    await mailbox.waitFor(unverified, /shared "Roadmap"/);

    await http.post('/auth/verify-email').set('X-Forwarded-For', randomIp()).send({ token: tokenFrom(await verifyLink(unverified)) }).expect(200);
    await http.get(`/pages/${page.id}`).set('Authorization', person.bearer).expect(200);
    expect((await prisma.pageShare.findFirstOrThrow({ where: { pageId: page.id, userId: person.id } })).role).toBe('editor');
    expect(await prisma.pendingShare.count({ where: { email: unverified } })).toBe(0);

    // A pending share can be withdrawn; a verified account gets the share at once (200).
    const pendingId = list.body.pending.find((p: { email: string }) => p.email === unknown).id;
    await http.delete(`/pages/${page.id}/pending-shares/${pendingId}`).set('Authorization', owner.bearer).expect(204);
    await http.delete(`/pages/${page.id}/pending-shares/${pendingId}`).set('Authorization', owner.bearer).expect(404);
    const verified = await signUp(app, 'verified');
    await http.put(`/pages/${page.id}/shares`).set('Authorization', owner.bearer).send({ email: verified.email, role: 'viewer' }).expect(200);
  });

  it('password reset: same answer for any address, single use, short-lived, signs out everywhere', async () => {
    const user = await signUp(app, 'forgetful', 'old password here');
    const other = await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: 'old password here' }).expect(200);
    const unknown = randomEmail('nobody');
    await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email: unknown }).expect(204);
    await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email: user.email.toUpperCase() }).expect(204);
    const mail = await mailbox.waitFor(user.email, /Reset your Tandem password/);
    expect(mailbox.to(unknown)).toEqual([]);
    const link = mail.links[0]!;
    expect(link).toMatch(/^http:\/\/app\.example\.test\/reset-password\?token=/);
    const token = tokenFrom(link);
    const short = await http.post('/auth/password-reset').set('X-Forwarded-For', randomIp()).send({ token, password: 'short' }).expect(400);
    expect(short.body.error.fields['body.password']).toBeDefined();
    await http.post('/auth/password-reset').set('X-Forwarded-For', randomIp()).send({ token, password: 'a brand new password' }).expect(204);
    // Every session is gone, the old password too; the new one works; the link is spent.
    await http.get('/auth/me').set('Authorization', user.bearer).expect(401);
    await http.get('/auth/me').set('Authorization', `Bearer ${other.body.token}`).expect(401);
    await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: 'old password here' }).expect(401);
    await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: 'a brand new password' }).expect(200);
    await http.post('/auth/password-reset').set('X-Forwarded-For', randomIp()).send({ token, password: 'yet another password' }).expect(400);
    expect(await prisma.auditLog.count({ where: { action: 'auth.password_reset', targetId: user.id } })).toBe(1);

    // Expired links don't work either.
    const since = mailbox.received.length;
    await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email: user.email }).expect(204);
    const late = tokenFrom((await mailbox.waitFor(user.email, /Reset/, { since })).links[0]);
    await prisma.emailToken.updateMany({ where: { userId: user.id, purpose: 'reset_password', usedAt: null }, data: { expiresAt: new Date(Date.now() - 1) } });
    await http.post('/auth/password-reset').set('X-Forwarded-For', randomIp()).send({ token: late, password: 'too late password' }).expect(400);
  });

  it('a reset link also proves the address, and reset requests are rate-limited per address', async () => {
    const email = randomEmail('limited');
    const { id } = await signUpRaw(email);
    await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email }).expect(204);
    const token = tokenFrom((await mailbox.waitFor(email, /Reset/)).links[0]);
    await http.post('/auth/password-reset').set('X-Forwarded-For', randomIp()).send({ token, password: 'proven by reset' }).expect(204);
    expect((await prisma.user.findUniqueOrThrow({ where: { id } })).emailVerifiedAt).not.toBeNull();
    for (let i = 0; i < 4; i++) await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email }).expect(204);
    const limited = await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email }).expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
    // The same for an address with no account: the limit reveals nothing.
    const nobody = randomEmail('nobody');
    for (let i = 0; i < 5; i++) await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email: nobody }).expect(204);
    await http.post('/auth/password-reset/request').set('X-Forwarded-For', randomIp()).send({ email: nobody }).expect(429);
  });
});

describe('account email without SMTP: the development outbox', () => {
  const withEnv = async (env: Record<string, string | undefined>, run: (http: ReturnType<typeof request>) => Promise<void>) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    const { app, http } = await openApi();
    try {
      await run(http);
    } finally {
      await app.close();
      process.env = saved;
    }
  };

  it('keeps the mails and shows their links at /dev/outbox on localhost, even with NODE_ENV=production (npm start)', async () => {
    await withEnv({ SMTP_URL: undefined, APP_URL: undefined, NODE_ENV: 'production' }, async (http) => {
      const email = randomEmail('outbox');
      await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email, name: 'Newcomer', password: 'a long password' }).expect(201);
      let page = '';
      // The mail is written after the answer; wait for it to land in the outbox.
      for (let i = 0; i < 50 && !page.includes(email); i++) page = (await http.get('/dev/outbox').expect(200)).text;
      expect(page).toContain(email);
      expect(page).toMatch(/<a href="http:\/\/localhost:3000\/verify-email\?token=[A-Za-z0-9_-]{43}">/);
    });
  });

  it('has no outbox where the app is served from elsewhere, nor when SMTP is configured', async () => {
    await withEnv({ SMTP_URL: undefined, APP_URL: undefined, WEB_ORIGIN: 'https://tandem.example.com' }, async (http) => {
      await http.get('/dev/outbox').expect(404);
    });
    await withEnv({ SMTP_URL: 'smtp://127.0.0.1:9', APP_URL: undefined }, async (http) => {
      await http.get('/dev/outbox').expect(404);
    });
  });
});
