import { randomUUID } from 'node:crypto';
import { readRows, readSchema, readViews } from '@tandem/database/ydoc';
import type { PageView } from '@tandem/protocol';
import * as Y from 'yjs';
import { addMember, apiSuite, createPage, createWorkspace } from './support/world.js';

// Databases as pages (issue 17): kind in every PageView, a database seeded on the server, rows kept
// out of the tree, and trash taking a database's rows with it.
describe('databases: pages of kind database and row', () => {
  const api = apiSuite('databases-owner');

  const post = (ws: string, body: object) => api.http.post(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).send(body);
  const tree = async (ws: string) => (await api.http.get(`/workspaces/${ws}/pages`).set('Authorization', api.owner.bearer).expect(200)).body.pages as PageView[];
  // A row page as the projection makes it (the worker's path is tested in databases-projection).
  const rowPage = (ws: string, databaseId: string, title = 'Row') =>
    api.prisma.page.create({ data: { id: randomUUID(), workspaceId: ws, parentId: databaseId, kind: 'row', title, position: 'a0', createdById: api.owner.id, document: { create: { state: Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())), stateVector: Buffer.from(Y.encodeStateVector(new Y.Doc())), size: 2 } } } });

  it('creates a database whose document the server seeded with a title property and a table view', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const page = await createPage(api.app, api.owner, ws, { title: 'Notes' });
    expect(page.kind).toBe('page');
    const db = (await post(ws, { kind: 'database', title: 'Tasks' }).expect(201)).body as PageView;
    expect(db).toMatchObject({ kind: 'database', title: 'Tasks' });
    const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId: db.id } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.state);
    const schema = readSchema(doc, db.id);
    expect(schema.properties).toEqual([{ id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/), name: 'Name', type: 'title' }]);
    expect(readViews(doc)).toEqual([expect.objectContaining({ layout: 'table', name: 'Table', filter: null, sorts: [] })]);
    expect(readRows(doc)).toEqual([]);
    expect((await api.http.get(`/pages/${db.id}`).set('Authorization', api.owner.bearer).expect(200)).body.page.kind).toBe('database');
    expect(await api.prisma.auditLog.count({ where: { action: 'page.created', targetId: db.id, metadata: { path: ['kind'], equals: 'database' } } })).toBe(1);
  });

  it('refuses rows, unknown kinds and a database with content, creating nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const before = await api.prisma.page.count({ where: { workspaceId: ws } });
    for (const [body, field] of [
      [{ kind: 'row' }, 'body.kind'],
      [{ kind: 'table' }, 'body.kind'],
      [{ kind: 'database', content: { kind: 'markdown', content: '# x' } }, 'body.kind'],
      [{ kind: 'database', template: { kind: 'builtin', key: 'meeting-notes' } }, 'body.kind'],
    ] as const) {
      const res = await post(ws, body).expect(400);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    expect(await api.prisma.page.count({ where: { workspaceId: ws } })).toBe(before);
  });

  it('keeps rows out of the tree, and trash takes a database with its rows and restore brings them back', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = (await post(ws, { kind: 'database', title: 'Tasks' }).expect(201)).body as PageView;
    const sub = await createPage(api.app, api.owner, ws, { title: 'Sub', parentId: db.id });
    const row = await rowPage(ws, db.id);
    expect((await tree(ws)).map((p) => p.id).sort()).toEqual([db.id, sub.id].sort());
    // A row is a page everywhere else: readable on its own, with the database in its breadcrumbs.
    const detail = (await api.http.get(`/pages/${row.id}`).set('Authorization', api.owner.bearer).expect(200)).body;
    expect(detail.page).toMatchObject({ kind: 'row', parentId: db.id });
    expect(detail.ancestors.map((a: { id: string }) => a.id)).toEqual([db.id]);
    // A member reads the row through its database (the parent chain), as any sub-page.
    const member = await addMember(api.app, ws, 'member');
    expect((await api.http.get(`/pages/${row.id}`).set('Authorization', member.bearer).expect(200)).body.page.role).toBe('editor');

    await api.http.post(`/pages/${db.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    expect(await api.prisma.page.count({ where: { id: { in: [row.id, sub.id] }, deletedAt: { not: null }, trashedRootId: db.id } })).toBe(2);
    const trash = (await api.http.get(`/workspaces/${ws}/trash`).set('Authorization', api.owner.bearer).expect(200)).body.pages;
    expect(trash).toEqual([expect.objectContaining({ id: db.id, kind: 'database', descendantCount: 2 })]);
    await api.http.post(`/pages/${db.id}/restore`).set('Authorization', api.owner.bearer).expect(200);
    expect(await api.prisma.page.count({ where: { id: { in: [row.id, sub.id] }, deletedAt: null } })).toBe(2);
    expect((await tree(ws)).map((p) => p.id).sort()).toEqual([db.id, sub.id].sort());
  });
});
