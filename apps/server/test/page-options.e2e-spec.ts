import type { TreePage } from '@tandem/protocol';
import { png } from './support/images.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// Page options (issue 18): full width, small text, the lock, and the cover, stored on the page,
// returned in the page (what other viewers refetch on `workspace:changed`); the tree leaves them out.
describe('page options', () => {
  const api = apiSuite('options-owner');

  const patch = (pageId: string, bearer: string, body: object) => api.http.patch(`/pages/${pageId}`).set('Authorization', bearer).send(body);

  it('stores full width, small text and the lock, and shows them in the page, not in the tree', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Wide' });
    expect(page).toMatchObject({ fullWidth: false, smallText: false, locked: false, cover: null, coverPosition: 50 });
    const res = await patch(page.id, api.owner.bearer, { fullWidth: true, smallText: true, locked: true }).expect(200);
    expect(res.body).toMatchObject({ fullWidth: true, smallText: true, locked: true, title: 'Wide' });
    const detail = await api.http.get(`/pages/${page.id}`).set('Authorization', api.owner.bearer).expect(200);
    expect(detail.body.page).toMatchObject({ fullWidth: true, smallText: true, locked: true });
    const tree = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).expect(200);
    // The tree lists what the sidebar and the pickers read, nothing more (issue 20: half the bytes).
    expect((tree.body.pages as TreePage[]).find((p) => p.id === page.id)).toEqual({
      id: page.id,
      parentId: null,
      title: 'Wide',
      icon: null,
      position: page.position,
      role: 'full_access',
      template: false,
      kind: 'page',
    });
    // Layout options and the lock do not make the owner an "editor" of the page's content again.
    const audit = await api.prisma.auditLog.findFirst({ where: { targetId: page.id, action: 'page.updated' }, orderBy: { id: 'desc' } });
    expect(audit?.metadata).toEqual({ fullWidth: true, smallText: true, locked: true });
  });

  it('a locked page keeps its title, icon and cover until unlocked; layout may change; any editor unlocks', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const editor = await addMember(api.app, ws, 'member', 'options-member');
    const page = await createPage(api.app, api.owner, ws, { title: 'Keep' });
    await patch(page.id, api.owner.bearer, { locked: true }).expect(200);
    const lockedAt = (await api.prisma.page.findUniqueOrThrow({ where: { id: page.id } })).lockedAt;
    expect(lockedAt).toBeInstanceOf(Date);
    for (const body of [{ title: 'Changed' }, { icon: '🔥' }, { cover: 'gradient:ocean' }, { coverPosition: 10 }, { title: 'x', locked: true }]) {
      const res = await patch(page.id, editor.bearer, body).expect(409);
      expect(res.body.error.message).toMatch(/locked/i);
    }
    await patch(page.id, editor.bearer, { fullWidth: true }).expect(200);
    // Locking again keeps the first lock's time.
    await patch(page.id, editor.bearer, { locked: true }).expect(200);
    expect((await api.prisma.page.findUniqueOrThrow({ where: { id: page.id } })).lockedAt).toEqual(lockedAt);
    // Unlocking and renaming in one request is allowed: the request unlocks first.
    expect((await patch(page.id, editor.bearer, { locked: false, title: 'Changed' }).expect(200)).body).toMatchObject({ locked: false, title: 'Changed', fullWidth: true });
    expect((await api.prisma.page.findUniqueOrThrow({ where: { id: page.id } })).lockedAt).toBeNull();
  });

  it('only editors change options: readers get 403, strangers 404', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const guest = await addMember(api.app, ws, 'guest', 'options-guest');
    const outsider = await addMember(api.app, await createWorkspace(api.app, api.owner), 'member', 'options-outsider');
    const page = await createPage(api.app, api.owner, ws, { title: 'Shared' });
    await api.prisma.pageShare.create({ data: { pageId: page.id, userId: guest.id, role: 'viewer', createdById: api.owner.id } });
    await patch(page.id, guest.bearer, { locked: true }).expect(403);
    await patch(page.id, outsider.bearer, { locked: true }).expect(404);
    expect((await api.prisma.page.findUniqueOrThrow({ where: { id: page.id } })).lockedAt).toBeNull();
  });

  it('refuses bad option values with 400 on the field', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws);
    const cases: Array<[object, string]> = [
      [{ fullWidth: 'yes' }, 'body.fullWidth'],
      [{ locked: 1 }, 'body.locked'],
      [{ cover: 'gradient:plaid' }, 'body.cover'],
      [{ cover: 'https://example.com/x.png' }, 'body.cover'],
      [{ cover: 'file:not-a-uuid' }, 'body.cover'],
      [{ coverPosition: 101 }, 'body.coverPosition'],
      [{ coverPosition: 2.5 }, 'body.coverPosition'],
      [{ pinned: true }, 'body'],
      [{}, 'body.title'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(page.id, api.owner.bearer, body).expect(400);
      expect({ body, fields: Object.keys(res.body.error.fields ?? {}) }).toEqual({ body, fields: expect.arrayContaining([field]) });
    }
  });

  it('covers: a gradient, an image uploaded to the page, repositioned and removed; not another page’s file or a non-image', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Cover' });
    const other = await createPage(api.app, api.owner, ws, { title: 'Other' });
    const upload = async (pageId: string, bytes: Buffer, name: string) =>
      (await api.http.post(`/pages/${pageId}/files`).set('Authorization', api.owner.bearer).attach('file', bytes, name).expect(201)).body as { id: string };
    expect((await patch(page.id, api.owner.bearer, { cover: 'gradient:dusk' }).expect(200)).body).toMatchObject({ cover: 'gradient:dusk' });
    const image = await upload(page.id, png(40, 20), 'cover.png');
    const text = await upload(page.id, Buffer.from('just words'), 'notes.txt');
    const elsewhere = await upload(other.id, png(4, 4), 'other.png');
    expect((await patch(page.id, api.owner.bearer, { cover: `file:${image.id}`, coverPosition: 30 }).expect(200)).body).toMatchObject({ cover: `file:${image.id}`, coverPosition: 30 });
    for (const id of [text.id, elsewhere.id, '00000000-0000-7000-8000-000000000000']) {
      const res = await patch(page.id, api.owner.bearer, { cover: `file:${id}` }).expect(400);
      expect(res.body.error.fields).toEqual({ 'body.cover': 'is not an image uploaded to this page' });
    }
    expect((await patch(page.id, api.owner.bearer, { coverPosition: 80 }).expect(200)).body).toMatchObject({ cover: `file:${image.id}`, coverPosition: 80 });
    expect((await patch(page.id, api.owner.bearer, { cover: null }).expect(200)).body).toMatchObject({ cover: null });
  });
});
