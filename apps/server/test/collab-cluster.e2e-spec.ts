import type { TandemStack } from '@tandem/testkit';
import { waitUntil } from '@tandem/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import {
  addPage,
  type Client,
  collabEnv,
  CollabWorld,
  converged,
  randomWord,
  seededRandom,
  synced,
} from './support/collab/fixtures.js';

// Two server processes behind no load balancer, sharing Postgres and Redis, and no worker: nothing
// is persisted here, so everything a join sees comes from the Redis stream (invariant 2).
describe('collaboration: several server processes, and a server killed mid-stream', () => {
  let stack: TandemStack;
  let prisma: PrismaClient;
  let workspaceId: string;
  let world: CollabWorld;
  const client = (server: number, pageId: string): Promise<Client> => world.client(pageId, { server });

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv(), { worker: false, servers: 2, ownerName: 'Grace' });
    ({ stack, prisma, workspaceId } = world);
  });

  afterAll(() => world?.close());

  it('clients on two servers converge, and a join on B sees edits made on A before any persist', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const group = [await client(0, pageId), await client(0, pageId), await client(1, pageId), await client(1, pageId)];
    await synced(...group);
    const rng = seededRandom(4);
    for (let round = 0; round < 25; round++) {
      for (const c of group) c.insert(Math.floor(rng() * (c.text().length + 1)), randomWord(rng) + ' ');
      await new Promise((r) => setTimeout(r, 2));
    }
    const text = await converged(group);
    await waitUntil('all acked', async () => group.every((c) => c.provider.pending === 0));

    const onlyA = await client(0, pageId);
    await synced(onlyA);
    onlyA.insert(0, 'written on A ');
    await waitUntil('acked on A', async () => onlyA.provider.pending === 0);
    const lateOnB = await client(1, pageId);
    await synced(lateOnB);
    expect(lateOnB.text()).toBe(`written on A ${text}`);
    // Nothing was persisted (no worker): B answered the join from the stream, on top of the state
    // it kept from its first clients' handshakes.
    expect((await prisma.document.findUniqueOrThrow({ where: { pageId } })).persistedUpTo).toBe('0-0');
  });

  it('kill -9 of a server mid-stream: every acked update survives and its clients resync on their own', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const writer = await client(0, pageId);
    const reader = await client(1, pageId);
    await synced(writer, reader);

    // Chunks 0-19 are acknowledged (durable in the stream) before the crash...
    for (let i = 0; i < 20; i++) {
      writer.insert(writer.text().length, `[${i}]`);
      await waitUntil('ack', async () => writer.provider.pending === 0);
    }
    // ...20-29 are sent as fast as possible and the server dies among them.
    for (let i = 20; i < 30; i++) writer.insert(writer.text().length, `[${i}]`);
    await stack.servers[0]!.kill9();
    // The writer keeps editing while its server is gone.
    for (let i = 30; i < 35; i++) writer.insert(writer.text().length, `[${i}]`);

    const fresh = await client(1, pageId);
    await synced(fresh);
    for (let i = 0; i < 20; i++) expect(fresh.text()).toContain(`[${i}]`);

    await stack.restartServer(0);
    const text = await converged([writer, reader, fresh], 30_000);
    for (let i = 0; i < 35; i++) expect(text.split(`[${i}]`).length - 1).toBe(1);
    expect(writer.provider.synced).toBe(true);
    await waitUntil('writer acked', async () => writer.provider.pending === 0);
  });
});
