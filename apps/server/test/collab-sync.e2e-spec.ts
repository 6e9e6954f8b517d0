import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { yDocToText } from '@tandem/editor';
import type { TandemStack } from '@tandem/testkit';
import { waitUntil } from '@tandem/testkit';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CollabProvider } from '@tandem/collab-client';
import type { PrismaClient } from '../src/generated/prisma/client.js';
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
  synced,
  type TestUser,
} from './support/collab/fixtures.js';

// Real server + worker processes, real Postgres and Redis; the clients are the provider in Node.
describe('collaboration: convergence, offline, awareness, persistence', () => {
  let stack: TandemStack;
  let prisma: PrismaClient;
  let owner: TestUser;
  let workspaceId: string;
  // A short trim margin, so a test can see persisted entries leave the stream.
  const env = collabEnv({ PERSIST_INTERVAL_MS: '200', PERSIST_TRIM_MARGIN_MS: '1000' });

  let world: CollabWorld;
  const client = (pageId: string): Promise<Client> => world.client(pageId);

  beforeAll(async () => {
    world = await CollabWorld.open(env);
    ({ stack, prisma, owner, workspaceId } = world);
  });

  afterAll(() => world?.close());

  async function randomEditing(n: number, editsEach: number, seed: number): Promise<void> {
    const pageId = await addPage(prisma, workspaceId);
    const group = await Promise.all(Array.from({ length: n }, () => client(pageId)));
    await synced(...group);
    const rng = seededRandom(seed);
    // Interleave edits of every client without waiting for propagation: real concurrency.
    for (let round = 0; round < editsEach; round++) {
      for (const c of group) {
        const t = c.doc.getText('t');
        if (t.length > 5 && rng() < 0.25) t.delete(Math.floor(rng() * (t.length - 1)), 1 + Math.floor(rng() * 2));
        else c.insert(Math.floor(rng() * (t.length + 1)), randomWord(rng) + ' ');
      }
      if (round % 5 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const text = await converged(group);
    expect(text.length).toBeGreaterThan(0);
    await savedAll(...group);
    expect(await persistedText(prisma, pageId)).toBe(text);
  }

  it('2 clients editing at random converge, and Postgres holds exactly their text', async () => {
    await randomEditing(2, 60, 1);
  });

  it('10 clients editing at random converge, and Postgres holds exactly their text', async () => {
    await randomEditing(10, 20, 2);
  });

  it('a client that was offline merges on reconnect: nothing duplicated, nothing lost', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const [a, b] = [await client(pageId), await client(pageId)];
    await synced(a, b);
    a.insert(0, 'shared ');
    await converged([a, b]);

    b.provider.disconnect();
    a.insert(a.text().length, 'online-edit ');
    b.insert(0, 'offline-edit ');
    expect(b.provider.pending).toBeGreaterThan(0);
    // A later marker from a third client reaching a proves the relay had its chance (no sleep).
    const marker = await client(pageId);
    await synced(marker);
    marker.insert(0, 'marker ');
    await waitUntil('the marker reaches a', async () => a.text().includes('marker'), 10_000);
    expect(a.text()).not.toContain('offline-edit');

    b.provider.connect();
    const text = await converged([a, b]);
    for (const word of ['shared', 'online-edit', 'offline-edit', 'marker']) expect(text.split(word).length - 1).toBe(1);
    await savedAll(a, b, marker);
    expect(await persistedText(prisma, pageId)).toBe(text);
  });

  it('a late joiner gets the whole document from the handshake, never seeding anything', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const a = await client(pageId);
    await synced(a);
    a.insert(0, 'written before anyone else came');
    const late = await client(pageId);
    await synced(late);
    await converged([a, late]);
    expect(late.text()).toBe('written before anyone else came');
    // Seeding would be content of the joiner's own: neither copy holds an item by its client id.
    await savedAll(a, late);
    expect(Y.decodeStateVector(Y.encodeStateVector(late.doc)).has(late.doc.clientID)).toBe(false);
    expect(Y.decodeStateVector(Y.encodeStateVector(a.doc)).has(late.doc.clientID)).toBe(false);
    expect(await persistedText(prisma, pageId)).toBe('written before anyone else came');
  });

  it("shows who is here on join, a caret on the others, and removes it on a disconnect (not by awareness' 30 s timeout)", async () => {
    const pageId = await addPage(prisma, workspaceId);
    const a = await client(pageId);
    await synced(a);
    const b = await client(pageId);
    await synced(b);
    // Presence: b's join answer lists everyone in the page (a and b itself); a is told b joined.
    expect(b.provider.presence.map((p) => p.socketId).sort()).toEqual([a.connection.socket.id, b.connection.socket.id].sort());
    expect(b.provider.presence.every((p) => p.name === 'Ada' && p.userId === owner.id)).toBe(true);
    await waitUntil('a sees b in the presence list', async () => a.provider.presence.length === 2, 5000);

    a.provider.awareness!.setLocalStateField('user', { name: 'Ada', caret: 3 });
    await waitUntil('b sees a caret', async () => {
      const state = b.provider.awareness!.getStates().get(a.doc.clientID) as { user?: { caret?: number } } | undefined;
      return state?.user?.caret === 3;
    });

    a.close();
    world.clients.splice(world.clients.indexOf(a), 1);
    // The gateway sends the removal the moment the socket leaves; awareness' own timeout is 30 s,
    // so 10 s tell the two apart even on a loaded machine.
    await waitUntil("b drops a's caret (the gateway's removal, not awareness' 30 s timeout)", async () => !b.provider.awareness!.getStates().has(a.doc.clientID), 10_000);
    await waitUntil('b drops a from presence', async () => b.provider.presence.length === 1, 10_000);
  });

  it('a client that syncs a page unlisted (a related database) is not on its presence until it lists itself', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const a = await client(pageId);
    const reader = await world.client(pageId, { listed: false });
    await synced(a, reader);
    // Edits still flow both ways: unlisted is about who is shown, not what is synced.
    a.insert(0, 'seen by the reader');
    await waitUntil('the reader has the edit', async () => reader.text() === 'seen by the reader');
    const ids = () => a.provider.presence.map((p) => p.socketId).sort();
    expect(ids()).toEqual([a.connection.socket.id]);
    // A later join answers with the listed people only.
    const late = await client(pageId);
    await synced(late);
    expect(late.provider.presence.map((p) => p.socketId).sort()).toEqual([a.connection.socket.id, late.connection.socket.id].sort());
    // The person opens that page themselves: announced; then only reads it again: gone.
    reader.provider.setListed(true);
    await waitUntil('a sees the reader once listed', async () => ids().includes(reader.connection.socket.id!), 10_000);
    reader.provider.setListed(false);
    await waitUntil('a no longer sees the reader', async () => !ids().includes(reader.connection.socket.id!), 10_000);
    // Leaving while unlisted announces nothing that was never announced; the others stay.
    reader.close();
    world.clients.splice(world.clients.indexOf(reader), 1);
    await waitUntil('late sees a and itself', async () => late.provider.presence.length === 2, 10_000);
    expect(ids().sort()).toEqual([a.connection.socket.id, late.connection.socket.id].sort());
  });

  it('keeps Document.text (search) fresh through the shared editor schema', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const a = await client(pageId);
    await synced(a);
    const fragment = a.doc.getXmlFragment('default');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('findable words here')]);
    fragment.insert(0, [paragraph]);
    await savedAll(a);
    const row = await prisma.document.findUniqueOrThrow({ where: { pageId } });
    expect(row.text).toContain('findable words here');
  });

  it('a join on a server holding the page sees edits whose stream entries were trimmed since its first join', async () => {
    const pageId = await addPage(prisma, workspaceId);
    const holder = await client(pageId);
    await synced(holder);
    holder.insert(0, 'first ');
    await savedAll(holder);
    // Past the trim margin, a later persist trims the entry of "first " from the stream.
    await new Promise((r) => setTimeout(r, 1200));
    holder.insert(holder.text().length, 'second');
    await savedAll(holder);
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const key = `${env.REDIS_PREFIX}:{page:${pageId}}:updates`;
      await waitUntil('the first entry trimmed', async () => (await redis.xlen(key)) === 1);
    } finally {
      redis.disconnect();
    }
    // The server's state from the holder's join is older than the margin: it reloads the row.
    const late = await client(pageId);
    await synced(late);
    expect(late.text()).toBe('first second');
  });

  it('builds a new page from Markdown on the server; clients receive it through the handshake', async () => {
    const created = await api(stack.serverUrl, owner, 'POST', `/workspaces/${workspaceId}/pages`, {
      title: 'Imported',
      content: { kind: 'markdown', content: '# Plan\n\nShip the **editor**.' },
    });
    // With the server's own account of any failure (it logs unexpected errors with their stack).
    if (created.status !== 201) throw new Error(`POST /pages: ${created.status} ${await created.text()}\n${stack.servers[0]!.recentOutput()}`);
    const pageId = ((await created.json()) as { id: string }).id;
    const a = await client(pageId);
    await synced(a);
    expect(yDocToText(a.doc)).toContain('Ship the editor.');
    expect(yDocToText(a.doc)).toContain('Plan');
    // A second client, joining while the first holds the page, gets the same document.
    const b = await client(pageId);
    await synced(b);
    expect(yDocToText(b.doc)).toBe(yDocToText(a.doc));
  });

  it("the provider README's example bot joins a page and types into it", async () => {
    const pageId = await addPage(prisma, workspaceId);
    const email = `bot-${Date.now()}@example.test`;
    const password = 'correct horse battery staple';
    const res = await fetch(`${stack.serverUrl}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, name: 'Bot', password }),
    });
    const bot = (await res.json()) as { user: { id: string } };
    await prisma.workspaceMember.create({ data: { workspaceId, userId: bot.user.id, role: 'member' } });
    const watcher = await client(pageId);
    await synced(watcher);
    const example = fileURLToPath(new URL('../../../packages/collab-client/examples/typing-bot.mjs', import.meta.url));
    const out = execFileSync(process.execPath, [example, 'Typed by a bot'], {
      env: { ...process.env, TANDEM_URL: stack.serverUrl, TANDEM_EMAIL: email, TANDEM_PASSWORD: password, TANDEM_PAGE: pageId },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(out).toContain('typed 14 characters; saved');
    await waitUntil('the watcher sees the bot text', async () => yDocToText(watcher.doc).includes('Typed by a bot'));
    expect((await prisma.document.findUniqueOrThrow({ where: { pageId } })).text).toContain('Typed by a bot');
  });

  it('one connection carries many pages', async () => {
    const pages = await Promise.all([addPage(prisma, workspaceId), addPage(prisma, workspaceId), addPage(prisma, workspaceId)]);
    const shared = (await client(await addPage(prisma, workspaceId))).connection;
    const docs = pages.map((pageId) => {
      const doc = new Y.Doc();
      const provider = new CollabProvider({ connection: shared, pageId, doc, awareness: new awarenessProtocol.Awareness(doc) });
      return { doc, provider };
    });
    await waitUntil('all pages synced', async () => docs.every((d) => d.provider.synced));
    docs.forEach((d, i) => d.doc.getText('t').insert(0, `page ${i}`));
    await waitUntil('all saved', async () => docs.every((d) => d.provider.saved));
    for (const [i, pageId] of pages.entries()) expect(await persistedText(prisma, pageId)).toBe(`page ${i}`);
    for (const d of docs) {
      d.provider.destroy();
      // An awareness we passed in is ours to destroy (it runs a timer).
      d.provider.awareness?.destroy();
    }
    expect(shared.pageCount).toBe(1);
    expect(shared.connected).toBe(true);
  });
});
