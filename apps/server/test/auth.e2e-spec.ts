import type { INestApplication } from '@nestjs/common';
import { ApiLimits } from '@tandem/protocol';
import request from 'supertest';
import { AuthService } from '../src/auth/auth.service.js';
import { PrismaService } from '../src/infra/prisma.service.js';
import { randomEmail, randomIp, signUp } from './support/accounts.js';
import { openApi } from './support/world.js';

describe('accounts and sessions', () => {
  let app: INestApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    ({ app, prisma, http } = await openApi());
  });
  afterAll(() => app.close());

  describe('sign-up', () => {
    it('creates the account, stores only a scrypt hash and a token hash, and sets an httpOnly cookie', async () => {
      const email = randomEmail('signup');
      const res = await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email: email.toUpperCase(), name: ' Ada ', password: 'a long password' }).expect(201);
      expect(res.body.user).toEqual({ id: expect.any(String), email, name: 'Ada', emailVerified: false, createdAt: expect.any(String), theme: 'system' });
      expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/tandem_session=[A-Za-z0-9_-]{43}/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/);
      const user = await prisma.user.findUniqueOrThrow({ where: { email } });
      expect(user.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(user.passwordHash).not.toContain('a long password');
      const sessions = await prisma.session.findMany({ where: { userId: user.id } });
      expect(sessions).toHaveLength(1);
      expect(sessions[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(sessions[0]!.tokenHash).not.toBe(res.body.token);
      expect(await prisma.auditLog.count({ where: { action: 'auth.signup', actorId: user.id } })).toBe(1);
    });

    it('refuses a taken address with 409, whatever its case', async () => {
      const user = await signUp(app, 'taken');
      const res = await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email: user.email.toUpperCase(), name: 'x', password: 'another password' }).expect(409);
      expect(res.body.error.code).toBe('conflict');
    });

    it('limits sign-up attempts per email address, whatever the IP', async () => {
      const user = await signUp(app, 'probe');
      // The successful sign-up was attempt 1; nine more 409s fill the window of ten.
      for (let i = 0; i < 9; i++) {
        await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email: user.email, name: 'x', password: 'long enough' }).expect(409);
      }
      const res = await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email: user.email, name: 'x', password: 'long enough' }).expect(429);
      expect(res.body.error.code).toBe('rate_limited');
    });

    it('answers a malformed JSON body with 400 validation_failed', async () => {
      const res = await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).set('Content-Type', 'application/json').send('{"email": ').expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    });

    it('answers every validation failure with 400 naming the field, and creates nothing', async () => {
      const email = randomEmail('invalid');
      const cases: Array<[unknown, string]> = [
        [{ email: 'not-an-email', name: 'x', password: 'long enough' }, 'body.email'],
        [{ email, name: '', password: 'long enough' }, 'body.name'],
        [{ email, name: 'x', password: 'short' }, 'body.password'],
        [{ email, name: 'x', password: 'p'.repeat(300) }, 'body.password'],
        [{ email, name: 42, password: 'long enough' }, 'body.name'],
        [{ email, name: 'x', password: 'long enough', isAdmin: true }, 'body'],
        [{ name: 'x', password: 'long enough' }, 'body.email'],
      ];
      for (const [body, field] of cases) {
        const res = await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send(body as object).expect(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(Object.keys(res.body.error.fields)).toContain(field);
      }
      expect(await prisma.user.count({ where: { email } })).toBe(0);
    });
  });

  describe('log-in', () => {
    it('opens a new session with the right password, by cookie or bearer', async () => {
      const user = await signUp(app, 'login');
      const res = await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: user.password }).expect(200);
      expect(res.body.user.id).toBe(user.id);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      await http.get('/auth/me').set('Cookie', cookie).expect(200);
      const me = await http.get('/auth/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      expect(me.body.user.email).toBe(user.email);
      expect(await prisma.auditLog.count({ where: { action: 'auth.login', actorId: user.id } })).toBe(1);
    });

    it('gives the same 401 for a wrong password and an unknown address', async () => {
      const user = await signUp(app, 'wrongpw');
      const wrong = await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: 'nope nope nope' }).expect(401);
      const unknown = await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: randomEmail('ghost'), password: 'nope nope nope' }).expect(401);
      expect(wrong.body.error.message).toBe(unknown.body.error.message);
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('locks an account after 10 failures, even from many addresses, and the right password does not get through', async () => {
      const user = await signUp(app, 'bruteforce');
      for (let i = 0; i < 10; i++) {
        await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: `guess ${i} guess` }).expect(401);
      }
      const res = await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: user.password }).expect(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('limits sign-ups and failed log-ins per IP across accounts', async () => {
      const ip = randomIp();
      // AUTH_MAX_ATTEMPTS_PER_IP defaults to 200; push one address over it with cheap failed log-ins
      // (unknown addresses still cost a dummy scrypt, which is the point of a limiter).
      const limit = 200;
      const redis = (await import('../src/infra/redis.service.js')).RedisService;
      const client = app.get(redis);
      await client.client.set(client.key('rate', 'auth-ip', ip), String(limit - 1), 'PX', 60_000);
      await http.post('/auth/login').set('X-Forwarded-For', ip).send({ email: randomEmail('ip'), password: 'whatever it is' }).expect(401);
      await http.post('/auth/login').set('X-Forwarded-For', ip).send({ email: randomEmail('ip'), password: 'whatever it is' }).expect(429);
      const signup = await http.post('/auth/signup').set('X-Forwarded-For', ip).send({ email: randomEmail('ip'), name: 'x', password: 'long enough' }).expect(429);
      expect(signup.body.error.code).toBe('rate_limited');
      // Another address is unaffected.
      await http.post('/auth/signup').set('X-Forwarded-For', randomIp()).send({ email: randomEmail('ip'), name: 'x', password: 'long enough' }).expect(201);
    });
  });

  describe('sessions', () => {
    it('needs a session: 401 without one, with garbage, or with a revoked one', async () => {
      expect((await http.get('/auth/me').expect(401)).body.error.code).toBe('unauthenticated');
      await http.get('/auth/me').set('Authorization', 'Bearer not-a-real-token-at-all').expect(401);
      await http.get('/auth/me').set('Authorization', 'Basic abc').expect(401);
      const user = await signUp(app, 'logout');
      await http.post('/auth/logout').set('Authorization', user.bearer).expect(204);
      await http.get('/auth/me').set('Authorization', user.bearer).expect(401);
    });

    it('lists active sessions and revokes another device at once', async () => {
      const user = await signUp(app, 'devices');
      const other = await http.post('/auth/login').set('X-Forwarded-For', randomIp()).set('User-Agent', 'phone').send({ email: user.email, password: user.password }).expect(200);
      const list = await http.get('/auth/sessions').set('Authorization', user.bearer).expect(200);
      expect(list.body.sessions).toHaveLength(2);
      const phone = list.body.sessions.find((s: { userAgent: string }) => s.userAgent === 'phone');
      expect(phone.current).toBe(false);
      expect(list.body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      await http.delete(`/auth/sessions/${phone.id}`).set('Authorization', user.bearer).expect(204);
      await http.get('/auth/me').set('Authorization', `Bearer ${other.body.token}`).expect(401);
      await http.get('/auth/me').set('Authorization', user.bearer).expect(200);
      await http.delete(`/auth/sessions/${phone.id}`).set('Authorization', user.bearer).expect(404);
      await http.delete('/auth/sessions/not-a-uuid').set('Authorization', user.bearer).expect(400);
    });

    it("cannot revoke someone else's session", async () => {
      const a = await signUp(app, 'a');
      const b = await signUp(app, 'b');
      const bSession = await prisma.session.findFirstOrThrow({ where: { userId: b.id } });
      await http.delete(`/auth/sessions/${bSession.id}`).set('Authorization', a.bearer).expect(404);
      await http.get('/auth/me').set('Authorization', b.bearer).expect(200);
    });

    it('expired sessions are refused', async () => {
      const user = await signUp(app, 'expired');
      await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await http.get('/auth/me').set('Authorization', user.bearer).expect(401);
    });
  });

  describe('password and account', () => {
    it('changes the password, keeps this session and ends the others', async () => {
      const user = await signUp(app, 'pwchange');
      const other = await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: user.password }).expect(200);
      const bad = await http.post('/auth/password').set('Authorization', user.bearer).send({ currentPassword: 'not it at all', newPassword: 'a new password' }).expect(400);
      expect(bad.body.error.fields['body.currentPassword']).toBeDefined();
      await http.post('/auth/password').set('Authorization', user.bearer).send({ currentPassword: user.password, newPassword: 'short' }).expect(400);
      await http.post('/auth/password').set('Authorization', user.bearer).send({ currentPassword: user.password, newPassword: 'a new password' }).expect(204);
      await http.get('/auth/me').set('Authorization', user.bearer).expect(200);
      await http.get('/auth/me').set('Authorization', `Bearer ${other.body.token}`).expect(401);
      await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: user.password }).expect(401);
      await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: 'a new password' }).expect(200);
    });

    it('renames the account: others see the new name; an empty or oversized name changes nothing', async () => {
      const user = await signUp(app, 'renamer');
      const colleague = await signUp(app, 'colleague');
      const ws = await prisma.workspace.create({ data: { name: 'shared', members: { create: [{ userId: user.id, role: 'member' }, { userId: colleague.id, role: 'owner' }] } } });
      const renamed = await http.patch('/auth/me').set('Authorization', user.bearer).send({ name: '  Ada Lovelace  ' }).expect(200);
      expect(renamed.body.user).toMatchObject({ id: user.id, email: user.email, name: 'Ada Lovelace' });
      expect((await http.get('/auth/me').set('Authorization', user.bearer).expect(200)).body.user.name).toBe('Ada Lovelace');
      // Others: a member of a shared workspace sees the new name in its member list.
      const members = (await http.get(`/workspaces/${ws.id}/members`).set('Authorization', colleague.bearer).expect(200)).body.members as { userId: string; name: string }[];
      expect(members.find((m) => m.userId === user.id)?.name).toBe('Ada Lovelace');
      for (const body of [{ name: '   ' }, { name: 'x'.repeat(ApiLimits.nameMax + 1) }, { name: 42 }, {}, { name: 'Ok', email: 'other@example.test' }]) {
        const bad = await http.patch('/auth/me').set('Authorization', user.bearer).send(body).expect(400);
        expect(bad.body.error.code).toBe('validation_failed');
      }
      await http.patch('/auth/me').send({ name: 'Nobody' }).expect(401);
      const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row).toMatchObject({ name: 'Ada Lovelace', email: user.email });
      const audit = await prisma.auditLog.findFirst({ where: { action: 'auth.profile_updated', targetId: user.id } });
      expect(audit?.actorId).toBe(user.id);
    });

    it('deletes the account with the right password, and its solo workspaces with it', async () => {
      const user = await signUp(app, 'delete');
      const ws = await prisma.workspace.create({ data: { name: 'solo', members: { create: { userId: user.id, role: 'owner' } } } });
      await http.delete('/auth/me').set('Authorization', user.bearer).send({ password: 'wrong password' }).expect(400);
      await http.delete('/auth/me').set('Authorization', user.bearer).send({}).expect(400);
      await http.delete('/auth/me').set('Authorization', user.bearer).send({ password: user.password }).expect(204);
      expect(await prisma.user.count({ where: { id: user.id } })).toBe(0);
      expect(await prisma.workspace.count({ where: { id: ws.id } })).toBe(0);
      await http.get('/auth/me').set('Authorization', user.bearer).expect(401);
      expect(await prisma.auditLog.count({ where: { action: 'auth.account_deleted', targetId: user.id } })).toBe(1);
    });

    it('refuses to delete the only owner of a workspace others use', async () => {
      const owner = await signUp(app, 'owner');
      const member = await signUp(app, 'member');
      await prisma.workspace.create({ data: { name: 'shared', members: { create: [{ userId: owner.id, role: 'owner' }, { userId: member.id, role: 'member' }] } } });
      const res = await http.delete('/auth/me').set('Authorization', owner.bearer).send({ password: owner.password }).expect(409);
      expect(res.body.error.code).toBe('conflict');
      await http.get('/auth/me').set('Authorization', owner.bearer).expect(200);
    });
  });

  describe('socket tokens', () => {
    it('issues a short-lived token that the gateway can verify, and not after logout', async () => {
      const user = await signUp(app, 'socket');
      const res = await http.post('/auth/socket-token').set('Authorization', user.bearer).expect(200);
      const expiresIn = Date.parse(res.body.expiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(60_000);
      expect(expiresIn).toBeLessThanOrEqual(120_000);
      const auth = app.get(AuthService);
      expect(await auth.verifySocketToken(res.body.token)).toEqual({ kind: 'user', userId: user.id, name: 'socket', sessionId: expect.any(String) });
      // It is not a session token.
      await http.get('/auth/me').set('Authorization', `Bearer ${res.body.token}`).expect(401);
      expect(await auth.verifySocketToken('garbage')).toBeNull();
      expect(await auth.verifySocketToken('A'.repeat(43))).toBeNull();
      await http.post('/auth/logout').set('Authorization', user.bearer).expect(204);
      expect(await auth.verifySocketToken(res.body.token)).toBeNull();
    });

    it('needs a session or a share token', async () => {
      await http.post('/auth/socket-token').expect(401);
      await http.post('/auth/socket-token').send({ shareToken: 'x'.repeat(43) }).expect(404);
      await http.post('/auth/socket-token').send({ shareToken: 42 }).expect(400);
    });
  });
});
