import { DOCUMENT_FIELD, yDocFromJSON, yDocToJSON } from '@tandem/editor';
import { ServerEvent, streamIdAtLeast, type RestoreVersionResponse, type VersionDetailResponse, type VersionDiffResponse, type VersionListResponse, type VersionView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { acked, addMember, api, type Client, collabEnv, CollabWorld, savedAll, signUp, synced, type TestUser } from './support/collab/fixtures.js';

// Version history (issue 13) against a real server and worker: versions the worker writes, named
// ones, preview, compare, retention, and restore as a forward edit under concurrency.

const MAX_DOCUMENT_BYTES = 64 * 1024;
const RETENTION = 3;
const EVERY_UPDATES = 5;

const doc = (...lines: string[]) => ({ type: 'doc', content: lines.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })) });
const linesOf = (json: { content?: Array<{ content?: Array<{ text?: string }> }> }) => (json.content ?? []).map((p) => (p.content ?? []).map((t) => t.text ?? '').join(''));
const lines = (c: Client) => linesOf(yDocToJSON(c.doc));

// Types `text` at the end of block `block` of the client's document (an ordinary editor edit).
function type(c: Client, block: number, text: string): void {
  const paragraph = c.doc.getXmlFragment(DOCUMENT_FIELD).get(block) as Y.XmlElement;
  const run = paragraph.get(0) as Y.XmlText;
  run.insert(run.length, text);
}

describe('version history', () => {
  let world: CollabWorld;
  let url: string;
  let owner: TestUser;

  const call = async <T>(user: TestUser, method: string, path: string, body?: unknown, status = 200): Promise<T> => {
    const res = await api(url, user, method, path, body);
    const text = await res.text();
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  async function page(...content: string[]): Promise<string> {
    const created = await call<{ id: string }>(owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { title: 'History', content: { kind: 'json', content: doc(...content) } }, 201);
    return created.id;
  }

  const list = (pageId: string, user = owner, cursor?: string) => call<VersionListResponse>(user, 'GET', `/pages/${pageId}/versions${cursor ? `?cursor=${cursor}` : ''}`);
  const automatic = async (pageId: string) => (await world.prisma.documentVersion.findMany({ where: { pageId, kind: 'auto' }, orderBy: { createdAt: 'desc' } }));

  beforeAll(async () => {
    world = await CollabWorld.open(
      collabEnv({
        PERSIST_INTERVAL_MS: '100',
        SNAPSHOT_EVERY_UPDATES: String(EVERY_UPDATES),
        SNAPSHOT_EVERY_SECONDS: '3600',
        SNAPSHOT_RETENTION: String(RETENTION),
        COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES),
      }),
      { worker: true, ownerName: 'Ada' },
    );
    url = world.serverUrl();
    owner = world.owner;
  });
  afterAll(() => world?.close());

  it('a named version previews the content it was saved with, and compares with the page', async () => {
    const pageId = await page('alpha', 'beta');
    const named = await call<VersionView>(owner, 'POST', `/pages/${pageId}/versions`, { name: 'First draft' }, 201);
    expect(named).toMatchObject({ kind: 'named', name: 'First draft', createdBy: { id: owner.id, name: owner.name } });

    const a = await world.client(pageId);
    await synced(a);
    type(a, 1, ' edited');
    await savedAll(a);

    const preview = await call<VersionDetailResponse>(owner, 'GET', `/pages/${pageId}/versions/${named.id}`);
    expect(linesOf(preview.content)).toEqual(['alpha', 'beta']);
    expect(preview.version.id).toBe(named.id);

    const diff = await call<VersionDiffResponse>(owner, 'GET', `/pages/${pageId}/versions/${named.id}/diff?against=current`);
    expect(diff.stats).toEqual({ added: 0, removed: 0, changed: 1 });
    expect(diff.blocks.map((b) => b.op)).toEqual(['equal', 'changed']);
    // The words are attributed to whoever typed them (the page's own seeded text to nobody).
    expect(diff.blocks[1]).toEqual({ op: 'changed', before: expect.anything(), after: expect.anything(), inline: [{ op: 'equal', text: 'beta' }, { op: 'removed', text: ' edited', authorId: owner.id }] });
    expect(diff.writers).toEqual([{ id: owner.id, name: owner.name }]);
    await expect(call(owner, 'GET', `/pages/${pageId}/versions/${named.id}/diff?against=sideways`, undefined, 400)).resolves.toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('the worker writes automatic versions with their authors; preview equals the content at that time', async () => {
    const pageId = await page('start');
    const bob = await signUp(url, 'Bob');
    await addMember(world.prisma, world.workspaceId, bob, 'member');
    const b = await world.client(pageId, { user: bob });
    await synced(b);
    // One update: a page's first persist writes its first automatic version (there is none to be
    // due after), so keystrokes sent apart could land on both sides of it ("start b0" alone, once
    // in CI). Versions every N updates are the next test's.
    type(b, 0, Array.from({ length: EVERY_UPDATES }, (_, i) => ` b${i}`).join(''));
    await savedAll(b);
    await waitUntil('an automatic version', async () => (await automatic(pageId)).length >= 1, 20_000);
    const { versions } = await list(pageId);
    const auto = versions.find((v) => v.kind === 'automatic')!;
    expect(auto.authors).toEqual([{ id: bob.id, name: 'Bob' }]);
    const preview = await call<VersionDetailResponse>(owner, 'GET', `/pages/${pageId}/versions/${auto.id}`);
    expect(linesOf(preview.content)).toEqual(['start b0 b1 b2 b3 b4']);
    // Compared with the empty page before it, the block is Bob's (he wrote most of it).
    const diff = await call<VersionDiffResponse>(owner, 'GET', `/pages/${pageId}/versions/${auto.id}/diff?against=previous`);
    expect(diff.blocks).toEqual([{ op: 'added', block: expect.anything(), authorId: bob.id }]);
    expect(diff.writers).toEqual([{ id: bob.id, name: 'Bob' }]);
    // The page moves on; the version does not.
    type(b, 0, ' later');
    await savedAll(b);
    expect(linesOf((await call<VersionDetailResponse>(owner, 'GET', `/pages/${pageId}/versions/${auto.id}`)).content)).toEqual(['start b0 b1 b2 b3 b4']);
  });

  it('keeps only the newest automatic versions, and every named and before-restore one', async () => {
    const pageId = await page('x');
    const keep = await call<VersionView>(owner, 'POST', `/pages/${pageId}/versions`, { name: 'Keep me' }, 201);
    const a = await world.client(pageId);
    await synced(a);
    let snapshots = 0;
    a.connection.socket.on(ServerEvent.VersionsChanged, (e: { pageId: string }) => {
      if (e.pageId === pageId) snapshots += 1;
    });
    for (let round = 0; round < RETENTION + 3; round++) {
      const before = snapshots;
      // One stored update per keystroke (keystrokes made while one is unacknowledged go as one).
      for (let i = 0; i < EVERY_UPDATES; i++) {
        type(a, 0, 'y');
        await acked(a);
      }
      await savedAll(a);
      // The panel hears of each new version live.
      await waitUntil(`automatic version ${round + 1}`, async () => snapshots > before, 20_000);
    }
    const autos = await automatic(pageId);
    expect(autos).toHaveLength(RETENTION);
    const { versions } = await list(pageId);
    expect(versions.map((v) => v.id)).toContain(keep.id);
    expect(versions.filter((v) => v.kind === 'automatic')).toHaveLength(RETENTION);
    // Naming an automatic version keeps it for good.
    const renamed = await call<VersionView>(owner, 'PATCH', `/pages/${pageId}/versions/${autos.at(-1)!.id}`, { name: 'Milestone' });
    expect(renamed).toMatchObject({ kind: 'named', name: 'Milestone' });
  });

  it('lists newest first in pages, with a cursor', async () => {
    const pageId = await page('paged');
    const made: string[] = [];
    for (let i = 0; i < 55; i++) made.push((await call<VersionView>(owner, 'POST', `/pages/${pageId}/versions`, { name: `v${i}` }, 201)).id);
    const first = await list(pageId);
    expect(first.versions).toHaveLength(50);
    expect(first.nextCursor).toBe(first.versions.at(-1)!.id);
    const second = await list(pageId, owner, first.nextCursor!);
    expect(second.nextCursor).toBeNull();
    expect([...first.versions, ...second.versions].map((v) => v.name)).toEqual(made.map((_, i) => `v${54 - i}`));
    // A cursor from another page's list is no cursor of this one.
    const other = await page('other');
    await call(owner, 'GET', `/pages/${other}/versions?cursor=${made[0]}`, undefined, 400);
  });

  it('unknown, malformed and other pages\' version ids are 404', async () => {
    const pageId = await page('mine');
    const other = await page('theirs');
    const theirs = await call<VersionView>(owner, 'POST', `/pages/${other}/versions`, { name: 'theirs' }, 201);
    for (const id of [theirs.id, '0190a8b0-0000-7000-8000-000000000000', 'not-a-uuid']) {
      await call(owner, 'GET', `/pages/${pageId}/versions/${id}`, undefined, 404);
      await call(owner, 'GET', `/pages/${pageId}/versions/${id}/diff`, undefined, 404);
      await call(owner, 'PATCH', `/pages/${pageId}/versions/${id}`, { name: 'x' }, 404);
      await call(owner, 'POST', `/pages/${pageId}/versions/${id}/restore`, undefined, 404);
    }
  });

  it('a version bigger than the page size cap is refused with 413 and nothing is written', async () => {
    const pageId = await page('small');
    const big = yDocFromJSON(doc('z'.repeat(MAX_DOCUMENT_BYTES + 1000)));
    const state = Buffer.from(Y.encodeStateAsUpdate(big));
    const version = await world.prisma.documentVersion.create({ data: { pageId, kind: 'named', name: 'huge', state, size: state.byteLength } });
    const before = await world.prisma.documentVersion.count({ where: { pageId } });
    const res = await api(url, owner, 'POST', `/pages/${pageId}/versions/${version.id}/restore`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/size limit/) });
    expect(await world.prisma.documentVersion.count({ where: { pageId } })).toBe(before);
    const a = await world.client(pageId);
    await synced(a);
    expect(lines(a)).toEqual(['small']);
  });

  it('a version that no longer fits the schema is refused with 409, nothing written', async () => {
    const pageId = await page('fits');
    const odd = new Y.Doc();
    odd.getXmlFragment(DOCUMENT_FIELD).push([new Y.XmlElement('retiredBlock')]);
    const state = Buffer.from(Y.encodeStateAsUpdate(odd));
    const version = await world.prisma.documentVersion.create({ data: { pageId, kind: 'named', name: 'old', state, size: state.byteLength } });
    const res = await api(url, owner, 'POST', `/pages/${pageId}/versions/${version.id}/restore`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/cannot be restored/);
    expect(await world.prisma.documentVersion.count({ where: { pageId } })).toBe(1);
  });

  it("restore is a forward edit: A restores while B types and C is offline with edits; all converge with B's and C's edits", async () => {
    const pageId = await page('alpha', 'beta', 'gamma');
    const version = await call<VersionView>(owner, 'POST', `/pages/${pageId}/versions`, { name: 'Before the rewrite' }, 201);
    const bob = await signUp(url, 'Bob');
    const cat = await signUp(url, 'Cat');
    await addMember(world.prisma, world.workspaceId, bob, 'member');
    await addMember(world.prisma, world.workspaceId, cat, 'member');
    const a = await world.client(pageId);
    const b = await world.client(pageId, { user: bob });
    const c = await world.client(pageId, { user: cat });
    await synced(a, b, c);
    // The page moves away from the version: a changed block and a new one.
    type(a, 2, ' rewritten');
    a.doc.getXmlFragment(DOCUMENT_FIELD).push([new Y.XmlElement('paragraph')]);
    (a.doc.getXmlFragment(DOCUMENT_FIELD).get(3) as Y.XmlElement).insert(0, [new Y.XmlText('delta')]);
    await savedAll(a);
    await waitUntil('everyone has the rewrite', async () => [b, c].every((x) => lines(x).join('|') === 'alpha|beta|gamma rewritten|delta'), 10_000);

    // C goes offline and edits the first block.
    c.provider.disconnect();
    type(c, 0, ' (C offline)');

    // B types word by word into the second block before, while and after A restores.
    const typed: string[] = [];
    let restoreAnswered = false;
    const typing = (async () => {
      for (let i = 0, after = 0; after < 5 && i < 1000; i++) {
        const word = ` w${i}`;
        type(b, 1, word);
        typed.push(word);
        if (restoreAnswered) after += 1;
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const restored = await call<RestoreVersionResponse>(owner, 'POST', `/pages/${pageId}/versions/${version.id}/restore`);
    restoreAnswered = true;
    await typing;
    expect(restored.beforeRestore).toMatchObject({ kind: 'before_restore', createdBy: { id: owner.id } });
    expect(restored.updateId).toEqual(expect.any(String));

    // C comes back: its offline edit is sent after the restore and still lands.
    c.provider.connect();
    await synced(c);
    await savedAll(a, b, c);
    const settled = async () => {
      const [la, lb, lc] = [lines(a), lines(b), lines(c)];
      return la.join('|') === lb.join('|') && lb.join('|') === lc.join('|');
    };
    await waitUntil('all three converge', settled, 20_000);
    const final = lines(a);
    // The version's blocks (the rewrite and the extra block are gone), plus C's offline edit...
    expect(final).toHaveLength(3);
    expect(final[0]).toBe('alpha (C offline)');
    expect(final[2]).toBe('gamma');
    // ...and B's words: the ones the restore had not seen were kept, in order, ending with B's last.
    expect(final[1]).toMatch(/^beta( w\d+)*$/);
    const kept = final[1]!.slice('beta'.length);
    expect(typed.join('').endsWith(kept)).toBe(true);
    expect(kept.length).toBeGreaterThan(0);
    // The Postgres copy says the same.
    await waitUntil('persisted', async () => {
      const row = await world.prisma.document.findUnique({ where: { pageId } });
      const d = new Y.Doc();
      Y.applyUpdate(d, row!.state);
      return linesOf(yDocToJSON(d)).join('|') === final.join('|');
    }, 20_000);
    // The before-restore version holds the page as it was (the rewrite), so the restore can be undone.
    const before = await call<VersionDetailResponse>(owner, 'GET', `/pages/${pageId}/versions/${restored.beforeRestore.id}`);
    expect(linesOf(before.content).slice(2)).toEqual(['gamma rewritten', 'delta']);
  });

  it('concurrent restores both apply, in order, with two before-restore versions and nothing doubled', async () => {
    const pageId = await page('one');
    const v1 = await call<VersionView>(owner, 'POST', `/pages/${pageId}/versions`, { name: 'one' }, 201);
    const a = await world.client(pageId);
    await synced(a);
    type(a, 0, ' two');
    await savedAll(a);
    const v2 = await call<VersionView>(owner, 'POST', `/pages/${pageId}/versions`, { name: 'two' }, 201);
    type(a, 0, ' three');
    a.doc.getXmlFragment(DOCUMENT_FIELD).push([new Y.XmlElement('paragraph')]);
    (a.doc.getXmlFragment(DOCUMENT_FIELD).get(1) as Y.XmlElement).insert(0, [new Y.XmlText('extra')]);
    await savedAll(a);
    const [r1, r2] = await Promise.all([
      call<RestoreVersionResponse>(owner, 'POST', `/pages/${pageId}/versions/${v1.id}/restore`),
      call<RestoreVersionResponse>(owner, 'POST', `/pages/${pageId}/versions/${v2.id}/restore`),
    ]);
    // Whichever ran second wins, as a restore after the other.
    const last = streamIdAtLeast(r1.updateId!, r2.updateId!) ? ['one'] : ['one two'];
    await waitUntil('the last restore shows', async () => lines(a).join('|') === last.join('|'), 10_000);
    const befores = (await list(pageId)).versions.filter((v) => v.kind === 'before_restore');
    expect(befores).toHaveLength(2);
  });

  it('viewers list and preview but may not save or restore', async () => {
    const pageId = await page('shared');
    const named = await call<VersionView>(owner, 'POST', `/pages/${pageId}/versions`, { name: 'n' }, 201);
    const vic = await signUp(url, 'Vic');
    await world.prisma.workspaceMember.create({ data: { workspaceId: world.workspaceId, userId: vic.id, role: 'guest' } });
    await world.prisma.pageShare.create({ data: { pageId, userId: vic.id, role: 'viewer', createdById: owner.id } });
    expect((await list(pageId, vic)).versions.map((v) => v.id)).toEqual([named.id]);
    await call(vic, 'GET', `/pages/${pageId}/versions/${named.id}`);
    await call(vic, 'POST', `/pages/${pageId}/versions`, { name: 'no' }, 403);
    await call(vic, 'POST', `/pages/${pageId}/versions/${named.id}/restore`, undefined, 403);
  });
});
