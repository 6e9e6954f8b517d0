import { CollabErrorCode, ServerEvent, type SavedEvent } from '@tandem/protocol';
import { join } from 'node:path';
import type { TandemStack } from '@tandem/testkit';
import { ManagedProcess, repoRoot, waitUntil } from '@tandem/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import {
  acked,
  addPage,
  type Client,
  collabEnv,
  CollabWorld,
  converged,
  openClient,
  persistedText,
  savedAll,
  socketToken,
  synced,
  type TestUser,
} from './support/collab/fixtures.js';
import { PgProxy } from './support/collab/pg-proxy.js';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import * as msgpackParser from 'socket.io-msgpack-parser';
import * as Y from 'yjs';

// The persistence path under load and failure. The suite's server and worker reach Postgres through
// a proxy of its own, so it can count their SQL and take "Postgres" away without touching the
// shared server other suites use.
const DOCUMENT_WRITE = /^\s*(UPDATE|INSERT INTO)\s+("public"\.)?"Document"\s/i;
const VERSION_WRITE = /^\s*(INSERT INTO|DELETE FROM)\s+("public"\.)?"DocumentVersion"\s/i;

describe('collaboration: persistence batching, worker crash, Postgres outage', () => {
  let stack: TandemStack;
  let proxy: PgProxy;
  let prisma: PrismaClient;
  let owner: TestUser;
  let workspaceId: string;

  let world: CollabWorld;
  let env: Record<string, string>;
  const client = (pageId: string): Promise<Client> => world.client(pageId);

  beforeAll(async () => {
    proxy = await new PgProxy().start();
    env = collabEnv({ DATABASE_URL: proxy.url, PERSIST_INTERVAL_MS: '1000', COLLAB_UPDATES_PER_SECOND: '500', COLLAB_UPDATE_BURST: '500', SNAPSHOT_EVERY_UPDATES: '100', SNAPSHOT_RETENTION: '2' });
    world = await CollabWorld.open(env, { ownerName: 'Linus', prismaUrl: process.env.DATABASE_URL });
    ({ stack, prisma, owner, workspaceId } = world);
    // The worker starts alongside the server; measure only once it is consuming jobs.
    const warmup = await client(await addPage(prisma, workspaceId));
    await synced(warmup);
    warmup.insert(0, 'warm-up');
    await savedAll(warmup);
    // A starting worker also projects every database of the (shared) test database whose
    // projection is behind (ProjectionRecovery), writing row pages' Document rows: let that end,
    // so the counts below are this suite's pages' writes.
    await waitUntil(
      'no Document writes for 2 s',
      (() => {
        let last = { count: -1, at: 0 };
        return async () => {
          const count = proxy.count(DOCUMENT_WRITE);
          if (count !== last.count) last = { count, at: Date.now() };
          return Date.now() - last.at >= 2_000;
        };
      })(),
      120_000,
    );
  }, 180_000);

  afterAll(async () => {
    await world?.close();
    await proxy?.stop();
  });

  it('at 100 updates/s on one page, Postgres sees about one write per second for it', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const typist = await client(pageId);
    await synced(typist);
    // Stream ids are Redis' clock in ms: a "saved up to X" event received at time t covers the
    // updates stored since the previous one, the oldest of which has waited t - ms(previous X).
    const saves: { at: number; upTo: string }[] = [];
    typist.connection.socket.on(ServerEvent.Saved, (e: SavedEvent) => {
      if (e.pageId === pageId) saves.push({ at: Date.now(), upTo: e.upTo });
    });
    const before = proxy.count(DOCUMENT_WRITE);
    const versionsBefore = proxy.count(VERSION_WRITE);
    const total = 600;
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      typist.insert(typist.text().length, 'x');
      const wait = started + (i + 1) * 10 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const elapsed = (Date.now() - started) / 1000;
    await savedAll(typist);
    const writes = proxy.count(DOCUMENT_WRITE) - before;
    const versionWrites = proxy.count(VERSION_WRITE) - versionsBefore;
    expect(await persistedText(prisma, pageId)).toBe('x'.repeat(total));

    const ms = (id: string) => Number(id.split('-')[0]);
    const oldestLag = saves.slice(1).map((s, k) => s.at - ms(saves[k]!.upTo)).sort((x, y) => x - y);
    const pick = (q: number) => oldestLag[Math.min(oldestLag.length - 1, Math.floor(q * oldestLag.length))] ?? NaN;
    console.log(
      `[collab-persistence] ${total} updates in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)}/s) on one page: ` +
        `${writes} Document writes = ${(writes / total).toFixed(4)} per update (${(writes / elapsed).toFixed(2)}/s), ` +
        `plus ${versionWrites} automatic-version writes (SNAPSHOT_EVERY_UPDATES=100 in this suite); ` +
        `persistence lag (update stored -> "saved" received, oldest update of each batch): p50 ${pick(0.5)} ms, max ${pick(1)} ms`,
    );
    // At most one write per persist interval for the page, over the intervals from the first update
    // to the last "saved" (how long that took is the bench's figure, not this test's), plus one for
    // an interval cut at the edge.
    const intervals = Math.ceil((saves.at(-1)!.at - started) / 1000);
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(intervals + 1);
  });

  it('pages due together are merged and written in one Postgres statement', async () => {
    const pages = await Promise.all(Array.from({ length: 20 }, () => addPage(prisma, workspaceId)));
    const writers = await Promise.all(pages.map((pageId) => client(pageId)));
    await synced(...writers);
    // The worker is away while the 20 pages' jobs fall due, so they all wait for the one that
    // starts next: the set-up does not depend on 20 jobs landing within one batch window. That
    // worker takes 20 jobs at a time and holds a batch until 20 are in (or a whole second).
    await stack.worker!.stop();
    const batchWorker = new ManagedProcess('worker-batch', process.execPath, ['--enable-source-maps', 'dist/worker.js'], {
      cwd: join(repoRoot, 'apps', 'server'),
      env: { ...stack.baseEnv(), WORKER_CONCURRENCY: '20', PERSIST_BATCH_WINDOW_MS: '1000' },
    });
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      writers.forEach((w, i) => w.insert(0, `page ${i}`));
      await waitUntil('every update acknowledged (in the stream)', async () => writers.every((w) => w.provider.pending === 0), 20_000);
      // Each page's first update queued a delayed job (score = due ms * 4096, as BullMQ stores it).
      const delayed = `${env.REDIS_PREFIX}:bull:documents:delayed`;
      await waitUntil('20 persist jobs queued', async () => (await redis.zcard(delayed)) === 20, 10_000);
      const scores = (await redis.zrange(delayed, '0', '-1', 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
      const due = Math.max(...scores.map((score) => Math.floor(score / 4096)));
      await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now() + 50)));
      const before = proxy.count(DOCUMENT_WRITE);
      batchWorker.start();
      await savedAll(...writers);
      const writes = proxy.count(DOCUMENT_WRITE) - before;
      for (const [i, pageId] of pages.entries()) expect(await persistedText(prisma, pageId)).toBe(`page ${i}`);
      console.log(`[collab-persistence] 20 pages due together: ${writes} Document write statement(s)`);
      // One statement per page without batching.
      expect(writes).toBe(1);
    } finally {
      redis.disconnect();
      await batchWorker.stop();
      stack.worker!.start();
    }
  });

  it('a socket connecting while Postgres is away is told service_unavailable, and its token is not used up by that', async () => {
    const token = await socketToken(stack.serverUrl, owner.session);
    const connect = () => {
      const socket = io(stack.serverUrl, { parser: msgpackParser, transports: ['websocket'], auth: { token }, reconnection: false });
      return new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('no answer in 10 s'), 10_000);
        socket.once('connect', () => {
          clearTimeout(timer);
          socket.disconnect();
          resolve('connected');
        });
        socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
          clearTimeout(timer);
          resolve(err.data?.code ?? err.message);
        });
      });
    };
    proxy.takeDown();
    try {
      expect(await connect()).toBe(CollabErrorCode.ServiceUnavailable);
    } finally {
      proxy.bringUp();
    }
    // The same token gets in once Postgres answers again (the server's pool may need a retry)...
    let last = '';
    await waitUntil('the token to connect after Postgres is back', async () => (last = await connect()) === 'connected', 20_000).catch((err: Error) => {
      throw new Error(`${err.message} (last answer: ${last})`);
    });
    // ...and is used up by that.
    expect(await connect()).toBe(CollabErrorCode.Unauthenticated);
  });

  it('writes an automatic version every N updates and keeps only the configured number', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const writer = await client(pageId);
    await synced(writer);
    const versionTexts = async () => {
      const versions = await prisma.documentVersion.findMany({ where: { pageId }, orderBy: { createdAt: 'asc' } });
      expect(versions.every((v) => v.kind === 'auto')).toBe(true);
      return versions.map((v) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, v.state);
        return doc.getText('t').toString();
      });
    };
    // N counts stored updates (stream entries): each keystroke waits for the last one's ack, or
    // the provider would send them as one update.
    for (let batch = 0; batch < 3; batch++) {
      for (let i = 0; i < 100; i++) {
        writer.insert(writer.text().length, String(batch));
        await acked(writer);
      }
      await savedAll(writer);
      const expected = writer.text();
      await waitUntil(`a version of batch ${batch}`, async () => (await versionTexts()).at(-1) === expected);
    }
    // Three versions were written; retention keeps the newest two.
    expect(await versionTexts()).toEqual(['0'.repeat(100) + '1'.repeat(100), '0'.repeat(100) + '1'.repeat(100) + '2'.repeat(100)]);
  });

  it('an update in the stream with no persist job behind it (its gateway died first) is persisted once someone joins', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const orphan = new Y.Doc();
    orphan.getText('t').insert(0, 'orphaned');
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await redis.xadd(`${env.REDIS_PREFIX}:{page:${pageId}}:updates`, '*', 'u', Buffer.from(Y.encodeStateAsUpdate(orphan)));
    } finally {
      redis.disconnect();
    }
    // Nothing queued a job for it: the join's handshake does.
    const reader = await client(pageId);
    await synced(reader);
    expect(reader.text()).toBe('orphaned');
    await waitUntil('the orphaned update persisted', async () => (await persistedText(prisma, pageId)) === 'orphaned', 15_000);
  });

  it('kill -9 of the worker mid-stream: acks continue, and persistence catches up after restart', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const [a, b] = [await client(pageId), await client(pageId)];
    await synced(a, b);
    a.insert(0, 'before ');
    await savedAll(a);

    await stack.worker!.kill9();
    for (let i = 0; i < 20; i++) a.insert(a.text().length, `w${i} `);
    await waitUntil('acked without a worker', async () => a.provider.pending === 0);
    await converged([a, b]);
    expect(a.provider.saved).toBe(false);

    stack.worker!.start();
    await savedAll(a);
    expect(await persistedText(prisma, pageId)).toBe(a.text());
  });

  it('a stream under its name from before issue 20 is adopted by a starting worker: renamed, or appended when the new one exists', async () => {
    const [renamed, merged] = [await addPage(prisma, workspaceId), await addPage(prisma, workspaceId)];
    const update = (text: string) => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, text);
      return Buffer.from(Y.encodeStateAsUpdate(doc));
    };
    const legacy = (pageId: string) => `${env.REDIS_PREFIX}:doc:${pageId}:updates`;
    await stack.worker!.stop();
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      // Written by a gateway of the old version: only under the old name.
      await redis.xadd(legacy(renamed), '*', 'u', update('old name only'));
      // Both: the old version's entry, then a new-version gateway's in the new key.
      await redis.xadd(legacy(merged), '*', 'u', update('from the old gateway '));
      const newer = new Y.Doc();
      newer.getText('u').insert(0, 'from the new gateway');
      await redis.xadd(`${env.REDIS_PREFIX}:{page:${merged}}:updates`, '*', 'u', Buffer.from(Y.encodeStateAsUpdate(newer)));
      stack.worker!.start();
      await waitUntil('the renamed stream persisted', async () => (await persistedText(prisma, renamed)) === 'old name only', 30_000);
      await waitUntil('the merged stream persisted', async () => (await persistedText(prisma, merged)) === 'from the old gateway ', 30_000);
      const row = await prisma.document.findUniqueOrThrow({ where: { pageId: merged } });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, row.state);
      expect(doc.getText('u').toString()).toBe('from the new gateway');
      expect(await redis.exists(legacy(renamed), legacy(merged))).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it('Postgres away for 10 s: editing, broadcast and acks continue; persistence catches up afterwards', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const [a, b] = [await client(pageId), await client(pageId)];
    await synced(a, b);
    a.insert(0, 'start ');
    await savedAll(a);
    const lateToken = await socketToken(stack.serverUrl, owner.session);

    proxy.takeDown();
    const downAt = Date.now();
    let i = 0;
    while (Date.now() - downAt < 10_000) {
      a.insert(a.text().length, `a${i} `);
      b.insert(0, `b${i} `);
      i++;
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitUntil('acked while Postgres is down', async () => a.provider.pending === 0 && b.provider.pending === 0);
    // Someone opening the page now is told the truth (not a crash) and gets in once it is back.
    const late = openClient(stack.serverUrl, lateToken, pageId);
    world.clients.push(late);
    await waitUntil('the late client is told to wait', async () => late.errors.some((e) => e.code === 'service_unavailable'));
    expect(late.provider.synced).toBe(false);
    const text = await converged([a, b]);
    expect(text).toContain(`a${i - 1} `);
    expect(a.provider.saved).toBe(false);
    expect(await persistedText(prisma, pageId)).toBe('start ');

    proxy.bringUp();
    await savedAll(a, b);
    expect(await persistedText(prisma, pageId)).toBe(text);
    await synced(late);
    expect(await converged([a, b, late], 30_000)).toBe(text);
  });
});
