import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PrismaService } from '../src/infra/prisma.service.js';
import { randomIp, signUp } from './support/accounts.js';
import { openApi } from './support/world.js';

// Fixes from the security review of accounts and sessions; each test failed on the code before it.
describe('auth hardening', () => {
  let app: INestApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
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

  it('a successful log-in does not use up its IP allowance', async () => {
    const user = await signUp(app, 'office');
    const ip = randomIp();
    const redis = app.get((await import('../src/infra/redis.service.js')).RedisService);
    for (let i = 0; i < 3; i++) await http.post('/auth/login').set('X-Forwarded-For', ip).send({ email: user.email, password: user.password }).expect(200);
    expect(Number((await redis.client.get(redis.key('rate', 'auth-ip', ip))) ?? 0)).toBe(0);
  });
});
