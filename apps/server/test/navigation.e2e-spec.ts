import type { NavPagesResponse } from '@tandem/protocol';
import type { TestUser } from './support/accounts.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// Favorites and recently visited pages (issue 15): per person, only pages they can still read.
describe('favorites and recent pages', () => {
  const api = apiSuite('nav-owner');

  async function list(as: TestUser, ws: string, which: 'favorites' | 'recent'): Promise<NavPagesResponse['pages']> {
    return (await api.http.get(`/workspaces/${ws}/${which}`).set('Authorization', as.bearer).expect(200)).body.pages;
  }

  it('stars and unstars pages, per person, with breadcrumbs, idempotently', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const member = await addMember(api.app, ws, 'member', 'nav-member');
    const parent = await createPage(api.app, api.owner, ws, { title: 'Parent' });
    const child = await createPage(api.app, api.owner, ws, { title: 'Child', parentId: parent.id });
    await api.http.put(`/pages/${parent.id}/favorite`).set('Authorization', api.owner.bearer).expect(204);
    await api.http.put(`/pages/${child.id}/favorite`).set('Authorization', api.owner.bearer).expect(204);
    await api.http.put(`/pages/${child.id}/favorite`).set('Authorization', api.owner.bearer).expect(204);
    expect(await list(api.owner, ws, 'favorites')).toEqual([
      { id: parent.id, title: 'Parent', icon: null, path: [] },
      { id: child.id, title: 'Child', icon: null, path: [{ id: parent.id, title: 'Parent', icon: null }] },
    ]);
    expect(await list(member, ws, 'favorites')).toEqual([]);
    await api.http.delete(`/pages/${parent.id}/favorite`).set('Authorization', api.owner.bearer).expect(204);
    await api.http.delete(`/pages/${parent.id}/favorite`).set('Authorization', api.owner.bearer).expect(204);
    expect((await list(api.owner, ws, 'favorites')).map((p) => p.title)).toEqual(['Child']);
  });

  it('never lists a page the person can no longer read, nor a trashed one', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const guest = await addMember(api.app, ws, 'guest', 'nav-guest');
    const shared = await createPage(api.app, api.owner, ws, { title: 'Shared' });
    const inside = await createPage(api.app, api.owner, ws, { title: 'Inside', parentId: shared.id });
    const hidden = await createPage(api.app, api.owner, ws, { title: 'Hidden' });
    const share = await api.prisma.pageShare.create({ data: { pageId: shared.id, userId: guest.id, role: 'viewer' } });
    // A page they can't see is not found, as everywhere.
    await api.http.put(`/pages/${hidden.id}/favorite`).set('Authorization', guest.bearer).expect(404);
    await api.http.post(`/pages/${hidden.id}/visit`).set('Authorization', guest.bearer).expect(404);
    await api.http.put(`/pages/${inside.id}/favorite`).set('Authorization', guest.bearer).expect(204);
    await api.http.post(`/pages/${inside.id}/visit`).set('Authorization', guest.bearer).expect(204);
    // The guest sees the breadcrumb from the shared page down only.
    expect(await list(guest, ws, 'favorites')).toEqual([{ id: inside.id, title: 'Inside', icon: null, path: [{ id: shared.id, title: 'Shared', icon: null }] }]);
    expect((await list(guest, ws, 'recent')).map((p) => p.id)).toEqual([inside.id]);
    await api.prisma.pageShare.delete({ where: { id: share.id } });
    expect(await list(guest, ws, 'favorites')).toEqual([]);
    expect(await list(guest, ws, 'recent')).toEqual([]);

    await api.http.put(`/pages/${inside.id}/favorite`).set('Authorization', api.owner.bearer).expect(204);
    await api.http.post(`/pages/${shared.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    expect(await list(api.owner, ws, 'favorites')).toEqual([]);
    await api.http.put(`/pages/${inside.id}/favorite`).set('Authorization', api.owner.bearer).expect(409);
  });

  it('keeps the 20 most recently opened pages per workspace, newest first', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const other = await createWorkspace(api.app, api.owner, 'Other');
    const elsewhere = await createPage(api.app, api.owner, other, { title: 'Elsewhere' });
    await api.http.post(`/pages/${elsewhere.id}/visit`).set('Authorization', api.owner.bearer).expect(204);
    const pages = [];
    for (let i = 0; i < 22; i++) pages.push(await createPage(api.app, api.owner, ws, { title: `Page ${i}` }));
    for (const p of pages) await api.http.post(`/pages/${p.id}/visit`).set('Authorization', api.owner.bearer).expect(204);
    // Opening an older page again brings it to the top.
    await api.http.post(`/pages/${pages[5]!.id}/visit`).set('Authorization', api.owner.bearer).expect(204);
    const recent = await list(api.owner, ws, 'recent');
    expect(recent.map((p) => p.title)).toEqual(['Page 5', ...[21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 4, 3, 2].map((i) => `Page ${i}`)]);
    expect(await api.prisma.pageVisit.count({ where: { userId: api.owner.id, workspaceId: ws } })).toBe(20);
    expect((await list(api.owner, other, 'recent')).map((p) => p.title)).toEqual(['Elsewhere']);
  });

  it('lists the pages that link to a page ("Linked from"), only those the reader can see', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const guest = await addMember(api.app, ws, 'guest', 'nav-backlinks-guest');
    const target = await createPage(api.app, api.owner, ws, { title: 'Target' });
    const shared = await createPage(api.app, api.owner, ws, { title: 'Shared' });
    const linking = async (title: string, parentId: string | null, markdown: string) =>
      (await api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send({ title, parentId, content: { kind: 'markdown', content: markdown } }).expect(201)).body.id as string;
    const url = `https://tandem.example/w/${ws}/p/${target.id}`;
    const source = await linking('Source', shared.id, `See [the target](${url}) and [again](${url}#top).`);
    const secret = await linking('Secret source', null, `Also [here](${url}).`);
    await linking('Unrelated', null, 'No [links](https://example.com/w/x/p/y) to pages.');
    const other = await createWorkspace(api.app, api.owner, 'Elsewhere');
    await api.http.post(`/workspaces/${other}/pages`).set('Authorization', api.owner.bearer).send({ title: 'Cross', content: { kind: 'markdown', content: `[x](${url})` } }).expect(201);

    const backlinks = async (as: TestUser) => (await api.http.get(`/pages/${target.id}/backlinks`).set('Authorization', as.bearer).expect(200)).body.pages as NavPagesResponse['pages'];
    expect((await backlinks(api.owner)).map((p) => p.title).sort()).toEqual(['Secret source', 'Source']);
    await api.prisma.pageShare.createMany({ data: [{ pageId: target.id, userId: guest.id, role: 'viewer' }, { pageId: shared.id, userId: guest.id, role: 'viewer' }] });
    expect(await backlinks(guest)).toEqual([{ id: source, title: 'Source', icon: null, path: [{ id: shared.id, title: 'Shared', icon: null }] }]);
    await api.http.get(`/pages/${secret}/backlinks`).set('Authorization', guest.bearer).expect(404);
    await api.http.post(`/pages/${secret}/trash`).set('Authorization', api.owner.bearer).expect(204);
    expect((await backlinks(api.owner)).map((p) => p.title)).toEqual(['Source']);
  });

  it('answers 404 for a workspace the person is not in, and 400 for a bad id', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const outsider = await addMember(api.app, await createWorkspace(api.app, api.owner, 'Theirs'), 'member', 'nav-outsider');
    await api.http.get(`/workspaces/${ws}/favorites`).set('Authorization', outsider.bearer).expect(404);
    await api.http.get(`/workspaces/${ws}/recent`).set('Authorization', outsider.bearer).expect(404);
    await api.http.put('/pages/nope/favorite').set('Authorization', api.owner.bearer).expect(400);
    await api.http.get(`/workspaces/${ws}/recent`).expect(401);
  });
});
