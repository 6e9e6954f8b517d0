import { waitUntil } from '@tandem/testkit';
import { ChaosClient, unbackedSaves, WriteLog } from './support/collab/chaos.js';
import { addPage, collabEnv, CollabWorld, persistedText } from './support/collab/fixtures.js';
import { PrivateRedis } from './support/redis-server.js';

// Invariant 9: Redis restarted without its data while the server stays up. Before, every client
// showed "saved" with nothing pending while Postgres and a fresh joiner lacked their edits. Now the
// server notices (the epoch key is gone), makes every joined client re-run the handshake, and the
// clients re-send what the server lost. The worker is down while the edits are made, so they exist
// only in the stream Redis loses: nothing but the heal can bring them to Postgres.
describe('collaboration: Redis loses its data while clients are joined', () => {
  let redis: PrivateRedis;
  let log: WriteLog;
  let world: CollabWorld;
  const clients: ChaosClient[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    log = await WriteLog.create('redisloss');
    world = await CollabWorld.open(collabEnv({ REDIS_URL: redis.url, DATABASE_URL: log.url, PERSIST_INTERVAL_MS: '200' }));
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await world?.close();
    await redis?.stop();
    await log?.close();
  });

  it('re-sends what Redis lost, and shows "saved" only once Postgres has it', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const a = new ChaosClient(world.serverUrl(), world.owner, pageId);
    const b = new ChaosClient(world.serverUrl(), world.owner, pageId);
    clients.push(a, b);
    await waitUntil('both synced', async () => a.provider.synced && b.provider.synced, 30_000);
    await world.stack.worker!.kill9();

    a.doc.getText('t').insert(0, 'hello ');
    b.doc.getText('t').insert(0, 'world ');
    await waitUntil('both edits acknowledged and seen', async () => [a, b].every((c) => c.provider.pending === 0 && c.text().length === 12), 20_000);
    const text = a.text();

    await redis.stop();
    await redis.start();
    world.stack.worker!.start();

    await waitUntil('Postgres has both edits', async () => (await persistedText(world.prisma, pageId)) === text, 60_000);
    await waitUntil('both clients saved', async () => a.settled && b.settled, 30_000);
    expect(unbackedSaves([a, b], await log.writes())).toEqual([]);
    const joiner = new ChaosClient(world.serverUrl(), world.owner, pageId);
    clients.push(joiner);
    await waitUntil('a fresh joiner synced', async () => joiner.provider.synced, 20_000);
    expect(joiner.text()).toBe(text);
  }, 180_000);
});
