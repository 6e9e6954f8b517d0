import { randomUUID } from 'node:crypto';
import { addRows, readRows, readSchema, readViews } from '@tandem/database/ydoc';
import type { PageView } from '@tandem/protocol';
import * as Y from 'yjs';
import { DatabaseProjection } from '../src/databases/database-projection.service.js';
import { DocumentStreamRepository } from '../src/documents/document-stream.repository.js';
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

  // Rows added to the database's document as a client's edit would be: in the stream, not yet
  // persisted (the endpoint must read the current document, not only the stored row).
  async function addRowsLive(databaseId: string, rows: Array<{ id: string; title: string }>): Promise<void> {
    const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId: databaseId } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.state);
    const before = Y.encodeStateVector(doc);
    const titleId = readSchema(doc, databaseId).properties[0]!.id;
    addRows(doc, databaseId, rows.map((r) => ({ id: r.id, values: { [titleId]: r.title } })), { userId: api.owner.id, now: new Date().toISOString() });
    await api.app.get(DocumentStreamRepository).append(databaseId, Y.encodeStateAsUpdate(doc, before), api.owner.id);
    doc.destroy();
  }
  const ensure = (databaseId: string, rowId: string, bearer = api.owner.bearer) => api.http.post(`/databases/${databaseId}/rows/${rowId}/page`).set('Authorization', bearer);

  it('makes a row page on demand from the current document, once, and refuses ids that belong to other pages', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = (await post(ws, { kind: 'database', title: 'Tasks' }).expect(201)).body as PageView;
    const other = (await post(ws, { kind: 'database', title: 'Other' }).expect(201)).body as PageView;
    const page = await createPage(api.app, api.owner, ws, { title: 'Plain' });
    const foreign = await rowPage(ws, other.id, 'Foreign row');
    const rowId = randomUUID();
    await addRowsLive(db.id, [{ id: rowId, title: 'Write the spec' }, { id: page.id, title: 'hijack' }, { id: foreign.id, title: 'hijack' }]);

    const made = (await ensure(db.id, rowId).expect(200)).body as PageView;
    expect(made).toMatchObject({ id: rowId, kind: 'row', parentId: db.id, workspaceId: ws, title: 'Write the spec', role: 'full_access' });
    expect((await ensure(db.id, rowId).expect(200)).body.id).toBe(rowId);
    expect(await api.prisma.page.count({ where: { parentId: db.id } })).toBe(1);
    expect(await api.prisma.document.count({ where: { pageId: rowId } })).toBe(1);
    expect(await api.prisma.auditLog.count({ where: { action: 'page.created', targetId: rowId } })).toBe(1);

    // A row id that is some other page's id never touches that page.
    await ensure(db.id, page.id).expect(409);
    await ensure(db.id, foreign.id).expect(409);
    expect(await api.prisma.page.findUniqueOrThrow({ where: { id: page.id } })).toMatchObject({ kind: 'page', parentId: null, title: 'Plain' });
    expect(await api.prisma.page.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ kind: 'row', parentId: other.id, title: 'Foreign row' });

    await ensure(db.id, randomUUID()).expect(404);
    await ensure(page.id, rowId).expect(404);
    await ensure(db.id, 'nope').expect(400);
    const outsider = await addMember(api.app, await createWorkspace(api.app, api.owner, 'Elsewhere'), 'member');
    await ensure(db.id, rowId, outsider.bearer).expect(404);

    // The row page follows its row: it is not moved, trashed or restored on its own.
    await api.http.post(`/pages/${rowId}/move`).set('Authorization', api.owner.bearer).send({ parentId: null }).expect(409);
    await api.http.post(`/pages/${rowId}/trash`).set('Authorization', api.owner.bearer).expect(409);
    expect(await api.prisma.page.findUniqueOrThrow({ where: { id: rowId } })).toMatchObject({ parentId: db.id, deletedAt: null });
  });

  it('projects a database of 2,000 rows, and a projection with nothing changed writes nothing', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = (await post(ws, { kind: 'database', title: 'Big' }).expect(201)).body as PageView;
    const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId: db.id } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.state);
    const titleId = readSchema(doc, db.id).properties[0]!.id;
    addRows(doc, db.id, Array.from({ length: 2000 }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i}` } })), { userId: api.owner.id, now: new Date().toISOString() });
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    await api.prisma.document.update({ where: { pageId: db.id }, data: { state, size: state.length } });
    const projection = api.app.get(DatabaseProjection);

    let started = performance.now();
    expect(await projection.project(db.id)).toMatchObject({ kind: 'projected', rows: 2000, written: 2000, pagesMade: 2000, refused: 0 });
    const first = performance.now() - started;
    started = performance.now();
    expect(await projection.project(db.id)).toEqual({ kind: 'projected', rows: 2000, written: 0, removed: 0, pagesMade: 0, pagesTrashed: 0, refused: 0 });
    const again = performance.now() - started;
    console.log(`projection of 2,000 rows: first ${first.toFixed(0)} ms, unchanged ${again.toFixed(0)} ms`);
    expect(await api.prisma.page.count({ where: { parentId: db.id, kind: 'row' } })).toBe(2000);
    expect((await tree(ws)).map((p) => p.id)).toEqual([db.id]);
    expect(await projection.project(randomUUID())).toEqual({ kind: 'not_a_database' });
  });
});
