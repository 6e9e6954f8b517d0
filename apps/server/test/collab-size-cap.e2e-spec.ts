import { CollabErrorCode } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import { collabEnv, CollabWorld, addPage, converged, persistedText, savedAll, synced, TEXT } from './support/collab/fixtures.js';

const MAX_UPDATE = 2048;
const MAX_DOCUMENT = 48 * 1024;
const MAX_DATABASE = 96 * 1024;

// Issue 11, item 7: a long offline session's diff is bigger than COLLAB_MAX_UPDATE_BYTES; the
// provider sends it in pieces that each fit (it used to be refused as permanent and stay only in
// the browser). And a page at COLLAB_MAX_DOCUMENT_BYTES still takes updates that shrink it (it used
// to refuse deletions too, so one editor could freeze it); once it shrank, inserts fit again.
describe('collaboration: size limits', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ PERSIST_INTERVAL_MS: '200', COLLAB_MAX_UPDATE_BYTES: String(MAX_UPDATE), COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT), COLLAB_MAX_DATABASE_BYTES: String(MAX_DATABASE) }));
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it("saves a long offline session's diff in pieces that each fit", async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const a = await world.client(pageId);
    const b = await world.client(pageId);
    await synced(a, b);
    a.provider.disconnect();
    const text = a.doc.getText(TEXT);
    for (let i = 0; i < 1200; i++) {
      text.insert(Math.floor((i * 7919) % (text.length + 1)), `w${i} `, i % 9 === 0 ? { bold: true } : undefined);
      if (i % 13 === 12) text.delete(Math.floor(text.length / 3), 2);
    }
    const offline = a.text();
    a.provider.connect();
    const sent: number[] = [];
    const original = a.connection.sendUpdate.bind(a.connection);
    a.connection.sendUpdate = (pageId, update, ack) => {
      sent.push(update.byteLength);
      original(pageId, update, ack);
    };
    await converged([a, b], 30_000);
    expect(b.text()).toBe(offline);
    await savedAll(a);
    expect(sent.length).toBeGreaterThan(3);
    expect(Math.max(...sent)).toBeLessThanOrEqual(MAX_UPDATE);
    await waitUntil('Postgres has it', async () => (await persistedText(world.prisma, pageId)) === offline, 30_000);
    expect(a.errors).toEqual([]);
  }, 90_000);

  it('lets a page at its size limit shrink, then takes inserts again', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    const a = await world.client(pageId);
    const b = await world.client(pageId);
    await synced(a, b);
    for (let i = 0; !a.errors.some((e) => e.code === CollabErrorCode.DocumentTooLarge); i++) {
      if (i > 100) throw new Error('the size limit never refused an insert');
      a.insert(Number.MAX_SAFE_INTEGER, `${i}:${'x'.repeat(1500)}\n`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Everything up to the limit is stored; the refused insert stays only with A.
    await waitUntil('A and B agree up to the limit', async () => b.text().length > MAX_DOCUMENT / 2, 20_000);
    expect(b.text().length).toBeLessThan(a.text().length);

    a.doc.getText(TEXT).delete(0, a.text().length);
    await converged([a, b], 20_000);
    expect(b.text()).toBe('');
    a.insert(0, 'room again');
    await converged([a, b], 20_000);
    expect(b.text()).toBe('room again');
    await savedAll(a);
    await waitUntil('Postgres has it', async () => (await persistedText(world.prisma, pageId)) === 'room again', 30_000);
  }, 90_000);

  // A database's rows live in its page's document (≈600 bytes a row), so a database page has its
  // own, larger limit; the same document on an ordinary page stops at the page limit.
  it('lets a database page grow past the page limit, up to the database limit', async () => {
    const pageId = await addPage(world.prisma, world.workspaceId);
    await world.prisma.page.update({ where: { id: pageId }, data: { kind: 'database' } });
    const a = await world.client(pageId);
    const b = await world.client(pageId);
    await synced(a, b);
    for (let i = 0; !a.errors.some((e) => e.code === CollabErrorCode.DocumentTooLarge); i++) {
      if (i > 200) throw new Error('the size limit never refused an insert');
      a.insert(Number.MAX_SAFE_INTEGER, `${i}:${'x'.repeat(1500)}\n`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitUntil('B has more than a page may hold', async () => b.text().length > MAX_DOCUMENT, 20_000);
    expect(b.text().length).toBeLessThanOrEqual(MAX_DATABASE);
    expect(a.errors.find((e) => e.code === CollabErrorCode.DocumentTooLarge)?.message).toContain(String(MAX_DATABASE));
  }, 90_000);
});
