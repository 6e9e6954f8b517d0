import { addPage, collabEnv, CollabWorld, synced } from './support/collab/fixtures.js';
import { PrivateRedis } from './support/redis-server.js';

// A stop (SIGTERM: a deploy, a scale-down) that comes while Redis is away must still stop the
// server and the worker: the platform would otherwise wait out its kill timeout on every deploy
// during an outage. Both run on a Redis of this suite's own, which it stops.
describe('collaboration: stopping while Redis is down', () => {
  let redis: PrivateRedis;
  let world: CollabWorld;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    world = await CollabWorld.open(collabEnv({ REDIS_URL: redis.url, PERSIST_INTERVAL_MS: '200' }));
  });

  afterAll(async () => {
    await world?.close();
    await redis?.stop();
  });

  it('server and worker exit promptly on SIGTERM while a client keeps typing into a page', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const typist = await world.client(pageId);
    await synced(typist);
    const typing = setInterval(() => typist.insert(typist.text().length, 'x'), 20);
    try {
      await new Promise((r) => setTimeout(r, 500));
      await redis.stop();
      // Updates keep coming while Redis is gone: they wait in the server for Redis (unacked), and
      // so do the persist jobs the server would queue.
      await new Promise((r) => setTimeout(r, 1500));
      const processes = [world.stack.servers[0]!, world.stack.worker!];
      expect(processes.map((p) => p.running)).toEqual([true, true]);
      const stops = processes.map(async (p) => {
        const started = Date.now();
        // stop() sends SIGTERM and only SIGKILLs after the timeout: a hang shows as ~20 s.
        await p.stop('SIGTERM', 20_000);
        return { name: p.name, ms: Date.now() - started };
      });
      const stopped = await Promise.all(stops);
      console.log(`[collab-shutdown] ${stopped.map((s) => `${s.name} stopped in ${s.ms} ms`).join(', ')}`);
      for (const s of stopped) expect(s.ms).toBeLessThan(10_000);
    } finally {
      clearInterval(typing);
    }
  });
});
