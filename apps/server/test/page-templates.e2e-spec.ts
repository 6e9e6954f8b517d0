import { BUILTIN_TEMPLATES, yDocToJSON } from '@tandem/editor';
import type { PageView } from '@tandem/protocol';
import { paragraph, readDocument, setDocument } from './support/documents.js';
import { addMember, apiSuite, createPage, createWorkspace, titlesUnder } from './support/world.js';

// Page templates (issue 18): PATCH /pages/:id { template } marks a page as one of its workspace's
// templates; POST /workspaces/:id/pages { template: { kind: 'page', pageId } | { kind: 'builtin',
// key } } starts a page from one (a copy: content, icon, cover, readable sub-pages).
describe('page templates', () => {
  const api = apiSuite('templates-owner');

  const setContent = (pageId: string, content: object[]) => setDocument(api.prisma, pageId, content);
  const contentOf = async (pageId: string) => {
    const { doc, text } = await readDocument(api.prisma, pageId);
    return { json: JSON.stringify(yDocToJSON(doc)), text };
  };
  const mark = (pageId: string, bearer: string, template: unknown) => api.http.patch(`/pages/${pageId}`).set('Authorization', bearer).send({ template });
  const create = (ws: string, bearer: string, body: object) => api.http.post(`/workspaces/${ws}/pages`).set('Authorization', bearer).send(body);
  const tree = async (ws: string, bearer: string) => (await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', bearer).expect(200)).body.pages as PageView[];

  it('marks and unmarks a page (editors, even while locked), shows it in the tree and audits it', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Standup' });
    expect(page.template).toBe(false);
    await api.http.patch(`/pages/${page.id}`).set('Authorization', api.owner.bearer).send({ locked: true }).expect(200);
    expect((await mark(page.id, api.owner.bearer, true).expect(200)).body).toMatchObject({ id: page.id, template: true, locked: true });
    expect((await tree(ws, api.owner.bearer)).find((p) => p.id === page.id)?.template).toBe(true);
    expect(await api.prisma.auditLog.findFirst({ where: { action: 'page.updated', targetId: page.id, metadata: { equals: { template: true } } } })).not.toBeNull();
    expect((await mark(page.id, api.owner.bearer, false).expect(200)).body.template).toBe(false);
    const bad = await mark(page.id, api.owner.bearer, 'yes').expect(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(['body.template']);
    expect((await api.prisma.page.findUniqueOrThrow({ where: { id: page.id } })).template).toBe(false);
  });

  it('creates a page from a workspace template: a copy of its content, icon, cover and sub-pages, not itself a template', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const member = await addMember(api.app, ws, 'member', 'templates-member');
    const template = await createPage(api.app, api.owner, ws, { title: 'Sprint', icon: '🏃' });
    const retro = await createPage(api.app, api.owner, ws, { title: 'Retro', parentId: template.id });
    await createPage(api.app, api.owner, ws, { title: 'Demo', parentId: template.id });
    await setContent(template.id, [paragraph('Sprint goal: ship templates')]);
    await setContent(retro.id, [paragraph('What went well')]);
    await api.http.patch(`/pages/${template.id}`).set('Authorization', api.owner.bearer).send({ cover: 'gradient:ocean', template: true }).expect(200);
    const home = await createPage(api.app, api.owner, ws, { title: 'Home' });

    const made = (await create(ws, member.bearer, { parentId: home.id, template: { kind: 'page', pageId: template.id } }).expect(201)).body as PageView;
    expect(made).toMatchObject({ title: 'Sprint', icon: '🏃', cover: 'gradient:ocean', parentId: home.id, template: false, role: 'editor' });
    expect((await contentOf(made.id)).json).toContain('Sprint goal: ship templates');
    expect(await titlesUnder(api.app, api.owner, ws, made.id)).toEqual(['Retro', 'Demo']);
    const pages = await tree(ws, api.owner.bearer);
    const madeRetro = pages.find((p) => p.parentId === made.id && p.title === 'Retro')!;
    expect((await contentOf(madeRetro.id)).text).toContain('What went well');
    // Sub-pages of the copy are not templates either, and the template itself is unchanged.
    expect(pages.filter((p) => p.template).map((p) => p.id)).toEqual([template.id]);
    expect(await titlesUnder(api.app, api.owner, ws, template.id)).toEqual(['Retro', 'Demo']);
    // A title or icon given wins over the template's; afterId places it among siblings.
    const named = (await create(ws, api.owner.bearer, { title: 'Sprint 12', icon: null, afterId: template.id, template: { kind: 'page', pageId: template.id } }).expect(201)).body as PageView;
    expect(named).toMatchObject({ title: 'Sprint 12', icon: null, parentId: null });
    expect(await titlesUnder(api.app, api.owner, ws, null)).toEqual(['Sprint', 'Sprint 12', 'Home']);
    const audit = await api.prisma.auditLog.findFirst({ where: { action: 'page.created', targetId: made.id } });
    expect(audit?.metadata).toEqual({ template: template.id, pages: 3, files: 0 });
  });

  it('refuses a page that is not a readable live template of this workspace like a missing one, and creates nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const guest = await addMember(api.app, ws, 'guest', 'templates-guest');
    const other = await createWorkspace(api.app, api.owner);
    const shared = await createPage(api.app, api.owner, ws, { title: 'Shared' });
    const hidden = await createPage(api.app, api.owner, ws, { title: 'Hidden template' });
    const plain = await createPage(api.app, api.owner, ws, { title: 'Plain page' });
    const trashed = await createPage(api.app, api.owner, ws, { title: 'Old template' });
    const foreign = await createPage(api.app, api.owner, other, { title: 'Foreign template' });
    for (const p of [hidden, trashed, foreign]) await mark(p.id, api.owner.bearer, true).expect(200);
    await api.http.post(`/pages/${trashed.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    await api.prisma.pageShare.create({ data: { pageId: shared.id, userId: guest.id, role: 'editor', createdById: api.owner.id } });
    const before = await api.prisma.page.count();
    const refusals: Array<[string, string, object]> = [
      ['the guest cannot read it', guest.bearer, { parentId: shared.id, template: { kind: 'page', pageId: hidden.id } }],
      ['not marked', api.owner.bearer, { template: { kind: 'page', pageId: plain.id } }],
      ['in the trash', api.owner.bearer, { template: { kind: 'page', pageId: trashed.id } }],
      ['another workspace', api.owner.bearer, { template: { kind: 'page', pageId: foreign.id } }],
      ['no such page', api.owner.bearer, { template: { kind: 'page', pageId: '0190b4a4-9a50-7000-8000-000000000000' } }],
    ];
    for (const [why, bearer, body] of refusals) {
      const res = await create(ws, bearer, body);
      expect([why, res.status, res.body.error?.fields]).toEqual([why, 400, { 'body.template.pageId': 'is not a template of this workspace' }]);
    }
    // Unknown built-in, both sources at once, a malformed source.
    expect((await create(ws, api.owner.bearer, { template: { kind: 'builtin', key: 'nope' } }).expect(400)).body.error.fields).toHaveProperty(['body.template.key']);
    await create(ws, api.owner.bearer, { content: { kind: 'markdown', content: '# x' }, template: { kind: 'builtin', key: 'weekly-plan' } }).expect(400);
    await create(ws, api.owner.bearer, { template: { kind: 'file', pageId: hidden.id } }).expect(400);
    // A guest at the root is refused for the root before the template is looked at.
    await create(ws, guest.bearer, { template: { kind: 'builtin', key: 'weekly-plan' } }).expect(403);
    expect(await api.prisma.page.count()).toBe(before);
  });

  it.each(BUILTIN_TEMPLATES.map((t) => [t.key, t] as const))('creates a page from the built-in %s with its title, icon and content', async (key, t) => {
    const ws = await createWorkspace(api.app, api.owner);
    const made = (await create(ws, api.owner.bearer, { template: { kind: 'builtin', key } }).expect(201)).body as PageView;
    expect(made).toMatchObject({ title: t.title, icon: t.icon, template: false });
    const { json, text } = await contentOf(made.id);
    for (const block of ['"heading"', '"taskList"', '"callout"', '"details"']) expect(json).toContain(block);
    expect(text.length).toBeGreaterThan(20);
    const audit = await api.prisma.auditLog.findFirst({ where: { action: 'page.created', targetId: made.id } });
    expect(audit?.metadata).toEqual({ template: `builtin:${key}` });
  });
});
