import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { addPage, collabEnv, CollabWorld, synced, TEXT } from './support/collab/fixtures.js';

// Invariant 11: a join merges the page's unpersisted stream entries off the gateway's event loop
// (UpdateMerger's threads, by applying into a Y.Doc). The worker is off, so all 40,000 entries of
// one typist stay in the stream and the join must merge every one of them. Asserts the content;
// the time is printed (the bench's W6 measures joins and other sockets' latency, beside Hocuspocus).
describe('collaboration: joining a page with many unpersisted entries', () => {
  const env = collabEnv();
  let world: CollabWorld;
  let redis: Redis;

  beforeAll(async () => {
    world = await CollabWorld.open(env, { worker: false });
    redis = new Redis(process.env.REDIS_URL!);
  }, 120_000);

  afterAll(async () => {
    redis?.disconnect();
    await world?.close();
  });

  it('answers with every entry merged, for a fresh joiner and one holding part of the page', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const typist = new Y.Doc();
    const text = typist.getText(TEXT);
    const updates: Uint8Array[] = [];
    typist.on('update', (u: Uint8Array) => updates.push(u));
    // 40,000 single-character edits, with a deletion every 10th, like a person typing.
    for (let i = 0; i < 40_000; i++) {
      if (i % 10 === 9) text.delete(text.length - 1, 1);
      else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
    }
    const key = `${env.REDIS_PREFIX}:{page:${pageId}}:updates`;
    for (let i = 0; i < updates.length; i += 5_000) {
      const pipeline = redis.pipeline();
      for (const u of updates.slice(i, i + 5_000)) pipeline.xadd(key, '*', 'u', Buffer.from(u));
      await pipeline.exec();
    }
    expect(await redis.xlen(key)).toBe(updates.length);

    const started = performance.now();
    const fresh = await world.client(pageId);
    await synced(fresh);
    const joinMs = performance.now() - started;
    expect(fresh.text()).toBe(text.toString());

    // A client holding the first half: it gets exactly the rest.
    const half = new Y.Doc();
    Y.transact(half, () => updates.slice(0, 20_000).forEach((u) => Y.applyUpdate(half, u)));
    const partial = await world.client(pageId);
    Y.applyUpdate(partial.doc, Y.encodeStateAsUpdate(half));
    await synced(partial);
    expect(partial.text()).toBe(text.toString());
    // Timing is the bench's (W6); printed here only as a hint.
    console.log(`join of ${updates.length} entries: ${joinMs.toFixed(0)} ms to synced`);
  }, 120_000);
});
