import { CollabErrorCode } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import { Redis } from 'ioredis';
import { addPage, type Client, collabEnv, CollabWorld, persistedText, savedAll, synced } from './support/collab/fixtures.js';

// Redis memory is bounded by what is not yet persisted (issue 11, item 6): quiet pages shed their
// persisted entries, deleted pages lose their streams, and a page whose backlog outgrows its quota
// gets a retryable refusal instead of growing Redis until it runs out of memory.
describe('collaboration: Redis memory stays bounded', () => {
  const env = collabEnv({ PERSIST_TRIM_MARGIN_MS: '1000', STREAM_SWEEP_INTERVAL_MS: '300', COLLAB_MAX_BACKLOG_BYTES: '4096' });
  let world: CollabWorld;
  let redis: Redis;
  const streamKey = (pageId: string) => `${env.REDIS_PREFIX}:{page:${pageId}}:updates`;

  beforeAll(async () => {
    world = await CollabWorld.open(env);
    redis = new Redis(process.env.REDIS_URL!);
  });

  afterAll(async () => {
    redis?.disconnect();
    await world?.close();
  });

  async function typed(pageId: string, words: number): Promise<Client> {
    const writer = await world.client(pageId);
    await synced(writer);
    for (let i = 0; i < words; i++) writer.insert(writer.text().length, `w${i} `);
    await savedAll(writer);
    return writer;
  }

  it('a quiet page keeps one stream entry once its persisted ones are older than the margin', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    // 30 updates in one burst, persisted together: a persist's own trim keeps them all (they are
    // within the margin of the last), and no later persist comes.
    await typed(pageId, 30);
    await waitUntil('the stream shrinks to its persisted position', async () => (await redis.xlen(streamKey(pageId))) === 1, 15_000);
    const row = await world.prisma.document.findUniqueOrThrow({ where: { pageId } });
    expect((await redis.xrange(streamKey(pageId), '-', '+')).map(([id]) => id)).toEqual([row.persistedUpTo]);
  });

  it('the stream of a page deleted for good (or with its account) is removed', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const writer = await typed(pageId, 5);
    writer.close();
    expect(await redis.exists(streamKey(pageId))).toBe(1);
    await world.prisma.page.delete({ where: { id: pageId } });
    await waitUntil('the stream is removed', async () => (await redis.exists(streamKey(pageId))) === 0, 15_000);
  });

  it('refuses updates beyond the backlog quota while saving is down, then saves them all once it is back', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const writer = await world.client(pageId, { retryDelayMs: 200 });
    await synced(writer);
    await world.stack.worker!.kill9();
    const refused = new Promise<string>((resolve) => writer.provider.on('error', (e) => e.code === CollabErrorCode.ServiceUnavailable && resolve(e.code)));
    // ~100 updates of ~60 bytes each: well past 4 KiB of backlog.
    for (let i = 0; i < 100; i++) writer.insert(writer.text().length, `word-${String(i).padStart(3, '0')}-${'x'.repeat(40)} `);
    expect(await refused).toBe(CollabErrorCode.ServiceUnavailable);
    // The stream holds about the quota, not the whole burst.
    await new Promise((r) => setTimeout(r, 500));
    const streamBytes = (await redis.xrangeBuffer(streamKey(pageId), '-', '+')).reduce((n, [, f]) => n + f[1]!.byteLength + 100, 0);
    expect(streamBytes).toBeLessThanOrEqual(4096);
    expect(writer.provider.pending).toBeGreaterThan(0);

    world.stack.worker!.start();
    await waitUntil('everything saved', async () => (await persistedText(world.prisma, pageId)) === writer.text(), 60_000);
    await savedAll(writer);
  }, 180_000);
});
