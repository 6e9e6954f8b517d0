import type { INestApplication } from '@nestjs/common';
import { waitUntil } from '@tandem/testkit';
import request from 'supertest';
import { createApp } from '../src/app.factory.js';
import { PrivateRedis } from './support/redis-server.js';

// GET /health against the real Postgres and a real Redis that this suite then stops.
describe('GET /health', () => {
  let app: INestApplication;
  let redis: PrivateRedis;
  const savedUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    process.env.REDIS_URL = redis.url;
    app = await createApp();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await redis.stop();
    process.env.REDIS_URL = savedUrl;
  });

  it('is 200 with every dependency up', async () => {
    // The first checks of a fresh app open its Postgres pool and load BullMQ's scripts; on a loaded
    // machine they can pass the 1.5 s each check may take, and that answer is rightly a 503.
    const health = () => request(app.getHttpServer()).get('/health');
    let res = await health();
    if (res.status !== 200) await waitUntil('every dependency answers', async () => (res = await health()).status === 200, 20_000);
    expect(res.body.status).toBe('ok');
    expect(res.body.down).toEqual([]);
    expect(res.body.dependencies.map((d: { name: string; ok: boolean }) => [d.name, d.ok])).toEqual([
      ['postgres', true],
      ['redis', true],
      ['queue', true],
    ]);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a sane X-Request-Id and replaces a malformed one', async () => {
    const ok = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'req-12345678');
    expect(ok.headers['x-request-id']).toBe('req-12345678');
    const bad = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'bad id\twith junk');
    // Replaced by a fresh id (a missing header would pass a mere "not the junk").
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('turns 503 and names Redis when Redis stops', async () => {
    await redis.stop();
    const res = await request(app.getHttpServer()).get('/health').expect(503);
    expect(res.body.status).toBe('degraded');
    expect(res.body.down).toContain('redis');
    expect(res.body.down).not.toContain('postgres');
    const redisDep = res.body.dependencies.find((d: { name: string }) => d.name === 'redis');
    expect(redisDep.ok).toBe(false);
    // No driver message (hosts, ports, users) to the public.
    expect(redisDep.error).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect|Connection/i);
  });

  it('recovers to 200 when Redis is back', async () => {
    await redis.start();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await request(app.getHttpServer()).get('/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});
