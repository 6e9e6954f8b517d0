import { ServerEvent } from '@tandem/protocol';
import { PrivateRedisCluster, waitUntil } from '@tandem/testkit';
import { keySlot } from '../src/infra/key-slot.js';
import {
  addPage,
  api,
  type Client,
  collabEnv,
  CollabWorld,
  converged,
  persistedText,
  randomWord,
  savedAll,
  seededRandom,
  signUp,
  synced,
  type TestUser,
} from './support/collab/fixtures.js';

// Issue 20: Tandem unchanged on a Redis Cluster of three masters (REDIS_CLUSTER=true), two gateways
// and two workers. A page's keys and its Socket.IO room channel carry its hash tag `{page:<id>}`,
// so each page lives on one shard and pages spread over all three. Proves convergence and "saved"
// truth (Postgres has what the clients show) across gateways, a revocation on one gateway reaching a
// socket on the other, and that a shard losing its data resyncs the pages of that shard only.
describe('collaboration on a Redis Cluster: two gateways, two workers, three shards', () => {
  let cluster: PrivateRedisCluster;
  let world: CollabWorld;
  let prefix: string;
  // Pages by the port of the master that holds them, at least one on every master.
  const byShard = new Map<number, string[]>();

  const pageTag = (pageId: string) => `{page:${pageId}}`;
  const streamKey = (pageId: string) => `${prefix}:${pageTag(pageId)}:updates`;
  const client = (pageId: string, server: number, user?: TestUser): Promise<Client> => world.client(pageId, { server, user });
  // Counts the `doc:resync` events a client's socket receives.
  const resyncs = (c: Client): { count: number } => {
    const seen = { count: 0 };
    c.connection.socket.on(ServerEvent.Resync, () => (seen.count += 1));
    return seen;
  };

  beforeAll(async () => {
    cluster = await PrivateRedisCluster.start(3);
    const env = collabEnv({ ...cluster.env(), PERSIST_INTERVAL_MS: '200' });
    prefix = env.REDIS_PREFIX!;
    world = await CollabWorld.open(env, { servers: 2, workers: 2, ownerName: 'Linus' });
    // New pages until every shard holds one (a page's shard is its hash tag's slot's master).
    for (let i = 0; i < 40 && (byShard.size < 3 || [...byShard.values()].some((p) => p.length < 2)); i++) {
      const pageId = await addPage(world.prisma, world.workspaceId);
      const port = await cluster.portOfSlot(keySlot(pageTag(pageId)));
      byShard.set(port, [...(byShard.get(port) ?? []), pageId]);
    }
  }, 120_000);

  afterAll(async () => {
    try {
      await world?.close();
    } finally {
      await cluster?.stop();
    }
  });

  it('pages on all three shards converge across both gateways and are saved in Postgres; each lives on its slot\'s master', async () => {
    expect(byShard.size).toBe(3);
    const pages = [...byShard.values()].map((p) => p[0]!);
    const rng = seededRandom(20);
    const groups = await Promise.all(pages.map(async (pageId) => [await client(pageId, 0), await client(pageId, 1), await client(pageId, 1)]));
    await synced(...groups.flat());
    for (let round = 0; round < 15; round++) {
      for (const group of groups) for (const c of group) c.insert(Math.floor(rng() * (c.text().length + 1)), randomWord(rng) + ' ');
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const [i, pageId] of pages.entries()) {
      const group = groups[i]!;
      const text = await converged(group);
      expect(text.split(' ').length).toBeGreaterThan(40);
      // "Saved" only once Postgres has it: every client saved, and the row holds the same text.
      await savedAll(...group);
      expect(await persistedText(world.prisma, pageId)).toBe(text);

      // The stream is on the master that serves its slot, which is its hash tag's slot as the
      // cluster computes it, and so is the room's sharded channel, subscribed by both gateways.
      const port = await cluster.portOfSlot(keySlot(pageTag(pageId)));
      expect(Number(await cluster.cli(port, 'cluster', 'keyslot', streamKey(pageId)))).toBe(keySlot(pageTag(pageId)));
      expect(Number(await cluster.cli(port, 'xlen', streamKey(pageId)))).toBeGreaterThan(0);
      const channel = `${prefix}:socket.io#/#${pageTag(pageId)}#`;
      expect(Number(await cluster.cli(port, 'cluster', 'keyslot', channel))).toBe(keySlot(pageTag(pageId)));
      expect((await cluster.cli(port, 'pubsub', 'shardnumsub', channel)).split('\n')).toEqual([channel, '2']);
    }
    // A join on either gateway sees the same document.
    const late = await client(pages[0]!, 1);
    await synced(late);
    expect(late.text()).toBe(groups[0]![0]!.text());
  }, 120_000);

  it('a share removed through gateway A cuts off its holder on gateway B', async () => {
    const pageId = byShard.values().next().value![1]!;
    const guest = await signUp(world.serverUrl(0), 'Guest');
    await world.prisma.user.update({ where: { id: guest.id }, data: { emailVerifiedAt: new Date() } });
    expect((await api(world.serverUrl(0), world.owner, 'PUT', `/pages/${pageId}/shares`, { email: guest.email, role: 'editor' })).status).toBe(200);
    const editor = await client(pageId, 0);
    const shared = await client(pageId, 1, guest);
    await synced(editor, shared);
    expect(shared.provider.canEdit).toBe(true);
    shared.insert(0, 'guest was here ');
    await waitUntil('the owner sees the guest edit', async () => editor.text() === 'guest was here ', 10_000);

    expect((await api(world.serverUrl(0), world.owner, 'DELETE', `/pages/${pageId}/shares/${guest.id}`)).status).toBe(204);
    await waitUntil('gateway B took the page away', async () => shared.provider.role === null, 10_000);
    editor.insert(editor.text().length, 'after the revocation');
    await savedAll(editor);
    // Gateway B relays nothing more to the removed socket.
    await new Promise((r) => setTimeout(r, 300));
    expect(shared.text()).toBe('guest was here ');
    expect(await persistedText(world.prisma, pageId)).toBe('guest was here after the revocation');
  }, 30_000);

  it('a shard that restarts without its data resyncs its own pages, and only them', async () => {
    const [lostPort, keptPort] = [...byShard.keys()];
    const lostPage = byShard.get(lostPort!)![byShard.get(lostPort!)!.length - 1]!;
    const keptPage = byShard.get(keptPort!)![byShard.get(keptPort!)!.length - 1]!;
    const lost = [await client(lostPage, 0), await client(lostPage, 1)];
    const kept = [await client(keptPage, 0), await client(keptPage, 1)];
    await synced(...lost, ...kept);
    const lostResyncs = lost.map(resyncs);
    const keptResyncs = kept.map(resyncs);

    // No worker: the edits exist only in the streams.
    const workers = [world.stack.worker!, ...world.stack.extraWorkers];
    await Promise.all(workers.map((w) => w.kill9()));
    lost[0]!.insert(0, 'alpha ');
    lost[1]!.insert(0, 'beta ');
    kept[0]!.insert(0, 'gamma ');
    kept[1]!.insert(0, 'delta ');
    await waitUntil('every edit acknowledged and relayed', async () => [...lost, ...kept].every((c) => c.provider.pending === 0 && c.text().length >= 11), 20_000);
    const [lostText, keptText] = [lost[0]!.text(), kept[0]!.text()];
    expect(lost[1]!.text()).toBe(lostText);

    // The newest entry the shard holds before it restarts; after, it holds none up to it (a quick
    // heal may already have added new entries, so the key itself may be back).
    const lastBefore = (await cluster.cli(lostPort!, 'xrevrange', streamKey(lostPage), '+', '-', 'COUNT', '1')).split('\n')[0]!;
    expect(lastBefore).toMatch(/^\d+-\d+$/);
    await cluster.restart(lostPort!);
    expect(await cluster.cli(lostPort!, 'xrange', streamKey(lostPage), '-', lastBefore)).toBe('');
    for (const w of workers) w.start();

    // Each gateway's heal resyncs the lost shard's open pages, in one pass, and no other page: once
    // both of the lost page's clients (one per gateway) were told, the kept page's would have been.
    await waitUntil('the lost shard\'s page resynced through both gateways', async () => lostResyncs.every((r) => r.count > 0), 60_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(keptResyncs.map((r) => r.count)).toEqual([0, 0]);
    // The clients re-sent what the shard lost; Postgres gets all of both pages.
    try {
      await waitUntil('the lost page is persisted whole', async () => (await persistedText(world.prisma, lostPage)) === lostText, 60_000);
      await waitUntil('the kept page is persisted', async () => (await persistedText(world.prisma, keptPage)) === keptText, 60_000);
    } catch (err) {
      // With what the processes said meanwhile.
      const logs = [...world.stack.servers, ...workers].map((p) => `${p.name}:\n${p.recentOutput().slice(-3000)}`).join('\n');
      throw new Error(`${(err as Error).message}\n${logs}`, { cause: err });
    }
    await savedAll(...lost, ...kept);
    const joiner = await client(lostPage, 1);
    await synced(joiner);
    expect(joiner.text()).toBe(lostText);
  }, 180_000);
});
