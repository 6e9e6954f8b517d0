import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PrismaService } from '../src/infra/prisma.service.js';
import { randomIp, signUp } from './support/accounts.js';
import { createPage, createWorkspace, openApi } from './support/world.js';

// Fixes from the security review of accounts and sessions; each test failed on the code before it.
describe('auth hardening', () => {
  let app: INestApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;

  const PROXY_SECRET = 'the-web-proxy-shared-secret';

  beforeAll(async () => {
    process.env.TANDEM_PROXY_SECRET = PROXY_SECRET;
    ({ app, prisma, http } = await openApi());
  });
  afterAll(() => app.close());

  it('counts a log-in attempt before checking the password: 50 parallel guesses, at most the limit checked', async () => {
    const user = await signUp(app, 'parallel');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: `guess number ${i}` })),
    );
    const statuses = answers.map((r) => r.status);
    // AUTH_MAX_FAILURES_PER_ACCOUNT = 10: only that many reach scrypt (401); the rest are refused.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(await prisma.auditLog.count({ where: { action: 'auth.login_failed', targetId: user.id } })).toBeLessThanOrEqual(10);
  });

  it('re-hashes a password stored at an older, cheaper scrypt cost at the next log-in', async () => {
    const user = await signUp(app, 'rehash');
    const { hashPassword, scryptCost } = await import('../src/auth/password.js');
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(user.password, scryptCost(12)) } });
    await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: user.password }).expect(200);
    const wanted = 2 ** Number(process.env.AUTH_PASSWORD_COST);
    const stored = (await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(stored.startsWith(`scrypt$${wanted}$8$1$`)).toBe(true);
    // A wrong password changes nothing, and the new hash still lets its owner in.
    await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: 'not the password' }).expect(401);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(stored);
    await http.post('/auth/login').set('X-Forwarded-For', randomIp()).send({ email: user.email, password: user.password }).expect(200);
  });

  it('a successful log-in does not use up its IP allowance', async () => {
    const user = await signUp(app, 'office');
    const ip = randomIp();
    const redis = app.get((await import('../src/infra/redis.service.js')).RedisService);
    for (let i = 0; i < 3; i++) await http.post('/auth/login').set('X-Forwarded-For', ip).send({ email: user.email, password: user.password }).expect(200);
    expect(Number((await redis.client.get(redis.key('rate', 'auth-ip', ip))) ?? 0)).toBe(0);
  });

  it('believes the client address in X-Tandem-Client-IP only with the proxy secret', async () => {
    const user = await signUp(app, 'address');
    const sessionIp = async (headers: Record<string, string>) => {
      const res = await http.post('/auth/login').set(headers).send({ email: user.email, password: user.password }).expect(200);
      const sessions = await http.get('/auth/sessions').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      return sessions.body.sessions.find((s: { current: boolean }) => s.current).ip as string;
    };
    const edge = randomIp();
    expect(await sessionIp({ 'X-Forwarded-For': edge, 'X-Tandem-Client-IP': '203.0.113.9', 'X-Tandem-Proxy-Secret': PROXY_SECRET })).toBe('203.0.113.9');
    expect(await sessionIp({ 'X-Forwarded-For': edge, 'X-Tandem-Client-IP': '203.0.113.9' })).toBe(edge);
    expect(await sessionIp({ 'X-Forwarded-For': edge, 'X-Tandem-Client-IP': '203.0.113.9', 'X-Tandem-Proxy-Secret': 'not-the-secret-at-all' })).toBe(edge);
    expect(await sessionIp({ 'X-Forwarded-For': edge, 'X-Tandem-Client-IP': 'garbage', 'X-Tandem-Proxy-Secret': PROXY_SECRET })).toBe(edge);
    // Per-IP limits follow the stated address too: failed log-ins count against 203.0.113.9.
    const redis = app.get((await import('../src/infra/redis.service.js')).RedisService);
    await redis.client.del(redis.key('rate', 'auth-ip', '203.0.113.10'));
    await http.post('/auth/login').set({ 'X-Tandem-Client-IP': '203.0.113.10', 'X-Tandem-Proxy-Secret': PROXY_SECRET }).send({ email: user.email, password: 'wrong wrong' }).expect(401);
    expect(await redis.client.get(redis.key('rate', 'auth-ip', '203.0.113.10'))).toBe('1');
  });

  it('audits log-out and page and workspace renames', async () => {
    const user = await signUp(app, 'auditee');
    const ws = await createWorkspace(app, user);
    const page = await createPage(app, user, ws);
    await http.patch(`/workspaces/${ws}`).set('Authorization', user.bearer).send({ name: 'Renamed space' }).expect(200);
    await http.patch(`/pages/${page.id}`).set('Authorization', user.bearer).send({ title: 'Renamed page' }).expect(200);
    await http.post('/auth/logout').set('Authorization', user.bearer).expect(204);
    const actions = (await prisma.auditLog.findMany({ where: { actorId: user.id }, orderBy: { at: 'asc' } })).map((a) => [a.action, a.metadata]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['workspace.renamed', { name: 'Renamed space' }],
        ['page.updated', { title: 'Renamed page' }],
        ['auth.logout', null],
      ]),
    );
  });

  it('a failing audit write after the change committed does not turn the answer into a 500', async () => {
    const user = await signUp(app, 'unaudited');
    // A real Postgres failure on the audit insert only, for this one person's rename.
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION accounts_test_fail_audit() RETURNS trigger AS $$
      BEGIN IF NEW.metadata->>'name' = 'audit-must-fail' THEN RAISE EXCEPTION 'audit insert refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER accounts_test_fail_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION accounts_test_fail_audit()`);
    try {
      const res = await http.patch('/auth/me').set('Authorization', user.bearer).send({ name: 'audit-must-fail' });
      expect(res.status).toBe(200);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('audit-must-fail');
    } finally {
      await prisma.$executeRawUnsafe('DROP TRIGGER accounts_test_fail_audit ON "AuditLog"');
      await prisma.$executeRawUnsafe('DROP FUNCTION accounts_test_fail_audit()');
    }
  });
});
