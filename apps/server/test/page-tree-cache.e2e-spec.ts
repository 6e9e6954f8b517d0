import type { PageTreeResponse } from '@tandem/protocol';
import type { TestUser } from './support/accounts.js';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// A full member's tree is kept serialized per workspace and role (MemberTreeCache) and used only
// while the workspace's pages are unchanged. Whatever writes a page — the API, or a statement of
// the worker's (row titles, imports) that no API process hears of — the next read shows it.
describe('the page tree kept serialized for members', () => {
  const api = apiSuite('tree-cache-owner');

  const tree = async (as: TestUser, ws: string) => (await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', as.bearer).expect(200)).body as PageTreeResponse;
  const titles = async (as: TestUser, ws: string) => (await tree(as, ws)).pages.map((p) => `${p.title}${p.parentId ? ' (child)' : ''}`).sort();

  it('shows every change to the pages at the next read, from the API or straight in Postgres', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const a = await createPage(api.app, api.owner, ws, { title: 'A' });
    const b = await createPage(api.app, api.owner, ws, { title: 'B' });
    expect(await titles(api.owner, ws)).toEqual(['A', 'B']);
    // Read twice: the second answer comes from what was kept, and is the same.
    expect(await titles(api.owner, ws)).toEqual(['A', 'B']);

    await api.http.patch(`/pages/${a.id}`).set('Authorization', api.owner.bearer).send({ title: 'A renamed' }).expect(200);
    expect(await titles(api.owner, ws)).toEqual(['A renamed', 'B']);
    await api.http.post(`/pages/${b.id}/move`).set('Authorization', api.owner.bearer).send({ parentId: a.id }).expect(200);
    expect(await titles(api.owner, ws)).toEqual(['A renamed', 'B (child)']);
    await createPage(api.app, api.owner, ws, { title: 'C' });
    expect(await titles(api.owner, ws)).toEqual(['A renamed', 'B (child)', 'C']);

    // A writer that no API process hears of.
    await api.prisma.page.update({ where: { id: b.id }, data: { title: 'B written by the worker' } });
    expect(await titles(api.owner, ws)).toEqual(['A renamed', 'B written by the worker (child)', 'C']);
    // Deleted outright (not trashed): the count changes.
    await api.prisma.page.delete({ where: { id: b.id } });
    expect(await titles(api.owner, ws)).toEqual(['A renamed', 'C']);
  });

  it('keeps each role its own tree, and answers an unchanged tree with 304 to a client that has it', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    await createPage(api.app, api.owner, ws, { title: 'Shared notes' });
    const member = await addMember(api.app, ws, 'member', 'tree-cache-member');
    expect((await tree(api.owner, ws)).pages.map((p) => p.role)).toEqual(['full_access']);
    expect((await tree(member, ws)).pages.map((p) => p.role)).toEqual(['editor']);
    expect((await tree(api.owner, ws)).pages.map((p) => p.role)).toEqual(['full_access']);

    const first = await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', member.bearer).expect(200);
    expect(first.headers.etag).toBeTruthy();
    await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', member.bearer).set('If-None-Match', first.headers.etag!).expect(304);
    await createPage(api.app, api.owner, ws, { title: 'Later' });
    await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', member.bearer).set('If-None-Match', first.headers.etag!).expect(200);
  });
});
