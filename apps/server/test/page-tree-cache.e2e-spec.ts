import { setTimeout } from 'node:timers/promises';
import { jest } from '@jest/globals';
import type { PageTreeResponse } from '@tandem/protocol';
import { PageRepository } from '../src/pages/page.repository.js';
import { PagesModule } from '../src/pages/pages.module.js';
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

  it('builds a changed tree once for the reads that miss it together', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Plans' });
    await createPage(api.app, api.owner, ws, { title: 'Notes', parentId: page.id });
    // Counts the tree's reads of the pages (DatabasesModule has a PageRepository of its own). Each
    // read still runs, a moment late, so that all eight requests arrive while the first builds.
    const repo = api.app.select(PagesModule).get(PageRepository, { strict: true });
    const read = repo.sidebarTree.bind(repo);
    const reads = jest.spyOn(repo, 'sidebarTree').mockImplementation(async (...args) => {
      await setTimeout(300);
      return read(...args);
    });
    try {
      const together = async () => {
        const answers = await Promise.all(Array.from({ length: 8 }, () => api.http.get(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).expect(200)));
        expect(new Set(answers.map((a) => a.text)).size).toBe(1);
        return answers[0]!.body as PageTreeResponse;
      };
      expect((await together()).pages.map((p) => p.title)).toEqual(['Plans', 'Notes']);
      expect(reads).toHaveBeenCalledTimes(1);
      // What every member's sidebar does on `workspace:changed` after a rename.
      await api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({ title: 'Plans for May' }).expect(200);
      expect((await together()).pages.map((p) => p.title)).toEqual(['Plans for May', 'Notes']);
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
  });
});
