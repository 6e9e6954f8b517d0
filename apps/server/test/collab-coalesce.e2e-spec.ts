import { ClientEvent } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import { Redis } from 'ioredis';
import { addPage, type Client, collabEnv, CollabWorld, converged, persistedText, savedAll, synced } from './support/collab/fixtures.js';

// Issue 20 goal 5: a fast typist's (or a bot's) local updates made while one of them is
// unacknowledged go as one message, so the wire, the page's stream and the worker see fewer,
// larger entries. The first keystroke still goes at once, and nothing held is lost to a dropped
// connection or a closed provider. Real server, worker, Postgres and Redis.
describe('collaboration: local updates coalesced while one is unacknowledged', () => {
  // A long trim margin keeps every stream entry of a test in the stream, to be counted.
  const env = collabEnv({ PERSIST_INTERVAL_MS: '200', PERSIST_TRIM_MARGIN_MS: '600000' });
  let world: CollabWorld;
  let redis: Redis;
  const streamKey = (pageId: string) => `${env.REDIS_PREFIX}:{page:${pageId}}:updates`;

  // Update events this client's socket has sent.
  const countSent = (c: Client): (() => number) => {
    let sent = 0;
    c.connection.socket.onAnyOutgoing((event: string) => {
      if (event === ClientEvent.Update) sent += 1;
    });
    return () => sent;
  };

  beforeAll(async () => {
    world = await CollabWorld.open(env);
    redis = new Redis(process.env.REDIS_URL!);
  });

  afterAll(async () => {
    redis?.disconnect();
    await world?.close();
  });

  it('sends the first keystroke at once and 200 more made before its ack as one message and one stream entry', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const writer = await world.client(pageId);
    const watcher = await world.client(pageId);
    await synced(writer, watcher);
    const sent = countSent(writer);
    writer.insert(0, 'x');
    expect(sent()).toBe(1);
    // One synchronous run: no ack can arrive before it ends.
    for (let i = 0; i < 200; i++) writer.insert(writer.text().length, String(i % 10));
    expect(sent()).toBe(1);
    expect(writer.provider.pending).toBe(201);
    await savedAll(writer);
    expect(sent()).toBe(2);
    expect(await redis.xlen(streamKey(pageId))).toBe(2);
    const text = await converged([writer, watcher]);
    expect(text).toBe('x' + Array.from({ length: 200 }, (_, i) => String(i % 10)).join(''));
    expect(await persistedText(world.prisma, pageId)).toBe(text);
  });

  it('loses nothing held when the connection drops before the first ack, and is saved only once all of it is', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const writer = await world.client(pageId);
    await synced(writer);
    writer.insert(0, 'a');
    for (const ch of 'bcdefgh') writer.insert(writer.text().length, ch);
    // The network goes away under the socket (Socket.IO reconnects by itself): the first update's
    // ack, if any, is lost, and the held ones never left.
    writer.connection.socket.io.engine.close();
    expect(writer.provider.saved).toBe(false);
    expect(writer.provider.pending).toBeGreaterThan(0);
    await savedAll(writer);
    expect(await persistedText(world.prisma, pageId)).toBe('abcdefgh');
    const reader = await world.client(pageId);
    await synced(reader);
    expect(reader.text()).toBe('abcdefgh');
  });

  it('sends what is held, before leaving the page, when the provider is destroyed right after typing', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const writer = await world.client(pageId);
    await synced(writer);
    // The page knows this client id after the first ack, so the next updates are admitted at once.
    writer.insert(0, 'first ');
    await savedAll(writer);
    const sent = countSent(writer);
    writer.insert(writer.text().length, 's');
    for (const ch of 'econd') writer.insert(writer.text().length, ch);
    expect(sent()).toBe(1);
    // The page is closed while its connection stays open for others (as the web app's shared one).
    writer.provider.destroy();
    expect(sent()).toBe(2);
    await waitUntil('the held updates are stored', async () => (await persistedText(world.prisma, pageId)) === 'first second', 20_000);
  });
});
