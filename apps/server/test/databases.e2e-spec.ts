import { randomUUID } from 'node:crypto';
import { addProperty, addRows, addView, deleteRows, moveProperty, readRows, readSchema, readViews } from '@tandem/database/ydoc';
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

  it('shows a row in the tree only while it holds pages of its own, with those pages under it', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const db = (await post(ws, { kind: 'database', title: 'Tasks' }).expect(201)).body as PageView;
    const [bare, holder] = [await rowPage(ws, db.id, 'Bare'), await rowPage(ws, db.id, 'Holder')];
    const notes = await createPage(api.app, api.owner, ws, { title: 'Notes', parentId: holder.id });
    // A database made inside the row, whose own row holds a page: both rows come in.
    const inner = (await post(ws, { kind: 'database', title: 'Inner', parentId: holder.id }).expect(201)).body as PageView;
    const innerRow = await rowPage(ws, inner.id, 'Inner row');
    const deep = await createPage(api.app, api.owner, ws, { title: 'Deep', parentId: innerRow.id });

    const pages = await tree(ws);
    expect(pages.map((p) => p.id).sort()).toEqual([db.id, holder.id, notes.id, inner.id, innerRow.id, deep.id].sort());
    expect(pages.find((p) => p.id === holder.id)).toMatchObject({ kind: 'row', parentId: db.id, title: 'Holder', role: 'full_access' });
    expect(pages.find((p) => p.id === deep.id)).toMatchObject({ parentId: innerRow.id });
    expect(pages.some((p) => p.id === bare.id)).toBe(false);

    // Its last page gone, the row leaves the tree again.
    await api.http.post(`/pages/${deep.id}/trash`).set('Authorization', api.owner.bearer).expect(204);
    expect((await tree(ws)).map((p) => p.id).sort()).toEqual([db.id, holder.id, notes.id, inner.id].sort());
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
    await api.prisma.document.update({ where: { pageId: db.id }, data: { state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length } });
    const projection = api.app.get(DatabaseProjection);

    let started = performance.now();
    expect(await projection.project(db.id)).toMatchObject({ kind: 'projected', rows: 2000, written: 2000, pagesMade: 2000, refused: 0 });
    const first = performance.now() - started;
    started = performance.now();
    // Nothing persisted since the first: no row to re-project (this instance saw every persist since).
    expect(await projection.project(db.id)).toEqual({ kind: 'projected', mode: 'rows', rows: 0, written: 0, removed: 0, pagesMade: 0, pagesTrashed: 0, refused: 0 });
    const again = performance.now() - started;
    console.log(`projection of 2,000 rows: first ${first.toFixed(0)} ms, unchanged ${again.toFixed(0)} ms`);
    expect(await api.prisma.page.count({ where: { parentId: db.id, kind: 'row' } })).toBe(2000);
    // The REST query over it: SQL narrows, the core filters and sorts what is left (figures logged).
    const query = async (body: object) => {
      const at = performance.now();
      const res = await api.http.post(`/databases/${db.id}/query`).set('Authorization', api.owner.bearer).send(body).expect(200);
      return { ms: performance.now() - at, rows: res.body.rows.length as number, next: res.body.nextCursor as string | null };
    };
    const all = await query({});
    const narrow = await query({ filter: { combinator: 'and', conditions: [{ property: titleId, operator: 'starts_with', value: 'row 19' }] } });
    const sorted = await query({ sorts: [{ property: titleId, direction: 'descending' }], limit: 10 });
    expect([all.rows, narrow.rows, narrow.next, sorted.rows]).toEqual([100, 100, expect.any(String), 10]);
    // Half the rows deleted at once: their pages trashed in one statement, their rows removed.
    const gone = readRows(doc).filter((_, i) => i % 2 === 0).map((r) => r.id);
    deleteRows(doc, gone);
    const halved = Buffer.from(Y.encodeStateAsUpdate(doc));
    await api.prisma.document.update({ where: { pageId: db.id }, data: { state: halved, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(halved)), size: halved.length } });
    started = performance.now();
    // The state was rewritten under the same persistedUpTo (no persist does that): the projection
    // cannot tell which rows changed, so it projects them all.
    expect(await projection.project(db.id)).toMatchObject({ mode: 'full', rows: 1000, written: 0, removed: 1000, pagesTrashed: 1000 });
    const deleted = performance.now() - started;
    expect(await api.prisma.page.count({ where: { id: { in: gone }, deletedAt: { not: null }, trashedRootId: { in: gone } } })).toBe(1000);
    console.log(`projection after deleting 1,000 of 2,000 rows: ${deleted.toFixed(0)} ms`);
    console.log(`query of 2,000 rows: first page ${all.ms.toFixed(0)} ms, narrowed by SQL ${narrow.ms.toFixed(0)} ms, sorted by title ${sorted.ms.toFixed(0)} ms`);
    expect((await tree(ws)).map((p) => p.id)).toEqual([db.id]);
    expect(await projection.project(randomUUID())).toEqual({ kind: 'not_a_database' });
  });

  describe('REST: schema and row writes', () => {
    // The database's document as it is now (persisted + stream), as the endpoints read it.
    const current = async (databaseId: string) => {
      const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId: databaseId } });
      const entries = await api.app.get(DocumentStreamRepository).readAfter(databaseId, stored.persistedUpTo);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.state);
      for (const e of entries) Y.applyUpdate(doc, e.update);
      return { doc, entries: entries.length };
    };

    it('reads the schema and views, and adds, edits and deletes rows as document edits', async () => {
      const ws = await createWorkspace(api.app, api.owner);
      const db = (await post(ws, { kind: 'database', title: 'Tasks' }).expect(201)).body as PageView;
      const got = (await api.http.get(`/databases/${db.id}`).set('Authorization', api.owner.bearer).expect(200)).body;
      const titleId = got.schema.properties[0].id as string;
      expect(got).toMatchObject({ id: db.id, schema: { properties: [{ type: 'title' }] }, views: [{ layout: 'table' }] });
      // Properties are document edits too (the web makes them); add two the way it does.
      const { doc } = await current(db.id);
      const before = Y.encodeStateVector(doc);
      addProperty(doc, db.id, { id: 'n', name: 'N', type: 'number', format: 'plain' });
      addProperty(doc, db.id, { id: 'f', name: 'F', type: 'formula', expression: 'prop("N") + 1' });
      await api.app.get(DocumentStreamRepository).append(db.id, Y.encodeStateAsUpdate(doc, before), api.owner.id);

      const rowId = randomUUID();
      const created = (await api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ id: rowId, values: { [titleId]: 'First', n: 2 } }).expect(201)).body;
      expect(created).toMatchObject({ id: rowId, title: 'First', values: { [titleId]: 'First', n: 2 }, computed: { f: 3 }, createdBy: api.owner.id });
      // Its page exists at once, and the row is in the document's stream (live clients got it).
      expect(await api.prisma.page.findUniqueOrThrow({ where: { id: rowId } })).toMatchObject({ kind: 'row', parentId: db.id, title: 'First' });
      expect(readRows((await current(db.id)).doc).map((r) => r.id)).toEqual([rowId]);
      const second = (await api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({}).expect(201)).body;
      const first = (await api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ values: { [titleId]: 'Zero' }, after: null }).expect(201)).body;
      expect(readRows((await current(db.id)).doc).map((r) => r.id)).toEqual([rowId, second.id, first.id]);

      const patched = (await api.http.patch(`/databases/${db.id}/rows/${rowId}`).set('Authorization', api.owner.bearer).send({ values: { n: 41 } }).expect(200)).body;
      expect(patched).toMatchObject({ values: { [titleId]: 'First', n: 41 }, computed: { f: 42 } });

      // Bad input: a 400 (or 404/409) and nothing stored.
      const { entries } = await current(db.id);
      const plain = await createPage(api.app, api.owner, ws);
      const refusals: Array<[() => Promise<{ status: number; body: { error: { fields?: Record<string, string> } } }>, number, string | null]> = [
        [() => api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ values: { n: 'two' } }), 400, 'body.values'],
        [() => api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ values: { f: 1 } }), 400, 'body.values'],
        [() => api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ values: { nope: 1 } }), 400, 'body.values'],
        [() => api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ after: randomUUID() }), 400, 'body.after'],
        [() => api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ id: 'short' }), 400, 'body.id'],
        [() => api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ id: rowId }), 409, null],
        [() => api.http.post(`/databases/${db.id}/rows`).set('Authorization', api.owner.bearer).send({ id: db.id }), 409, null],
        [() => api.http.patch(`/databases/${db.id}/rows/${rowId}`).set('Authorization', api.owner.bearer).send({ values: { n: Number.MAX_VALUE, [titleId]: 5 } }), 400, 'body.values'],
        [() => api.http.patch(`/databases/${db.id}/rows/${rowId}`).set('Authorization', api.owner.bearer).send({ values: {} }), 400, 'body.values'],
        [() => api.http.patch(`/databases/${db.id}/rows/${randomUUID()}`).set('Authorization', api.owner.bearer).send({ values: { n: 1 } }), 404, null],
        [() => api.http.delete(`/databases/${db.id}/rows/${randomUUID()}`).set('Authorization', api.owner.bearer), 404, null],
        [() => api.http.get(`/databases/${plain.id}`).set('Authorization', api.owner.bearer), 404, null],
      ];
      for (const [send, status, field] of refusals) {
        const res = await send();
        expect(res.status).toBe(status);
        if (field) expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
      }
      expect((await current(db.id)).entries).toBe(entries);

      await api.http.delete(`/databases/${db.id}/rows/${second.id}`).set('Authorization', api.owner.bearer).expect(204);
      const after = readRows((await current(db.id)).doc);
      expect(after.map((r) => r.id)).toEqual([rowId, first.id]);
      expect(after[0]!.values).toEqual({ [titleId]: 'First', n: 41 });
      expect(after[0]!.lastEditedBy).toBe(api.owner.id);
    });
  });

  it("does not show a related database's rows to someone who cannot read it (rollups, search)", async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const seed = async (title: string, edit: (doc: Y.Doc, id: string, titleId: string) => void) => {
      const db = (await post(ws, { kind: 'database', title }).expect(201)).body as PageView;
      const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId: db.id } });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored.state);
      edit(doc, db.id, readSchema(doc, db.id).properties[0]!.id);
      const state = Buffer.from(Y.encodeStateAsUpdate(doc));
      await api.prisma.document.update({ where: { pageId: db.id }, data: { state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length } });
      return db.id;
    };
    const by = { userId: api.owner.id, now: new Date().toISOString() };
    const secretRow = randomUUID();
    let secretTitle = '';
    const secret = await seed('Secret', (doc, id, titleId) => {
      secretTitle = titleId;
      addRows(doc, id, [{ id: secretRow, values: { [titleId]: 'Classified plan' } }], by);
    });
    const rowId = randomUUID();
    const open = await seed('Open', (doc, id, titleId) => {
      addProperty(doc, id, { id: 'rel', name: 'Rel', type: 'relation', targetDatabaseId: secret, syncedPropertyId: null });
      addProperty(doc, id, { id: 'roll', name: 'Roll', type: 'rollup', relationPropertyId: 'rel', targetPropertyId: secretTitle, function: 'show_values' });
      addRows(doc, id, [{ id: rowId, values: { [titleId]: 'Visible', rel: [secretRow] } }], by);
    });
    const projection = api.app.get(DatabaseProjection);
    await projection.project(secret);
    await projection.project(open);
    const guest = await addMember(api.app, ws, 'guest');
    await api.prisma.pageShare.create({ data: { pageId: open, userId: guest.id, role: 'editor', createdById: api.owner.id } });
    const query = async (bearer: string, body: object = {}) => (await api.http.post(`/databases/${open}/query`).set('Authorization', bearer).send(body).expect(200)).body.rows as Array<{ id: string; computed: object }>;

    expect(JSON.stringify((await query(api.owner.bearer))[0]!.computed)).toContain('Classified plan');
    const seen = await query(guest.bearer);
    expect(seen.map((r) => r.id)).toEqual([rowId]);
    expect(JSON.stringify(seen[0]!.computed)).not.toContain('Classified');
    expect(await query(guest.bearer, { search: 'classified' })).toEqual([]);
    expect((await query(api.owner.bearer, { search: 'classified' })).map((r) => r.id)).toEqual([rowId]);
    await api.http.get(`/databases/${secret}`).set('Authorization', guest.bearer).expect(404);
  });

  it('duplicates a database as a database with its properties and views, without its rows', async () => {
    const ws = await createWorkspace(api.app, api.owner);
    const parent = await createPage(api.app, api.owner, ws, { title: 'Projects' });
    const db = (await post(ws, { kind: 'database', title: 'Tasks', parentId: parent.id }).expect(201)).body as PageView;
    const other = (await post(ws, { kind: 'database', title: 'People' }).expect(201)).body as PageView;
    const stored = await api.prisma.document.findUniqueOrThrow({ where: { pageId: db.id } });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.state);
    addProperty(doc, db.id, { id: 'n', name: 'N', type: 'number', format: 'plain' });
    addProperty(doc, db.id, { id: 'rel', name: 'Parent', type: 'relation', targetDatabaseId: db.id, syncedPropertyId: null });
    addProperty(doc, db.id, { id: 'who', name: 'Who', type: 'relation', targetDatabaseId: other.id, syncedPropertyId: 'mirror' });
    addProperty(doc, db.id, { id: 'roll', name: 'Sum', type: 'rollup', relationPropertyId: 'rel', targetPropertyId: 'n', function: 'sum' });
    moveProperty(doc, 'roll', null, readSchema(doc, db.id).properties[0]!.id);
    addView(doc, db.id, { id: 'board', name: 'Board', layout: 'table', filter: { combinator: 'and', conditions: [{ property: 'n', operator: 'gt', value: 1 }] }, sorts: [{ property: 'n', direction: 'descending' }], groupBy: null, properties: [] });
    const rowId = randomUUID();
    addRows(doc, db.id, [{ id: rowId, values: { n: 2 } }], { userId: api.owner.id, now: new Date().toISOString() });
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    await api.prisma.document.update({ where: { pageId: db.id }, data: { state, stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)), size: state.length } });
    await api.app.get(DatabaseProjection).project(db.id);

    const copy = (await api.http.post(`/pages/${parent.id}/duplicate`).set('Authorization', api.owner.bearer).send({ subtree: true }).expect(201)).body as PageView;
    const copiedDb = await api.prisma.page.findFirstOrThrow({ where: { parentId: copy.id } });
    expect(copiedDb).toMatchObject({ kind: 'database', title: 'Tasks' });
    // No row pages were copied (a row's page is its row's), and the copy has no rows.
    expect(await api.prisma.page.count({ where: { parentId: copiedDb.id } })).toBe(0);
    const got = (await api.http.get(`/databases/${copiedDb.id}`).set('Authorization', api.owner.bearer).expect(200)).body;
    const original = readSchema(doc, db.id).properties;
    expect(got.schema.properties.map((p: { id: string }) => p.id).sort()).toEqual(original.map((p) => p.id).sort());
    expect(got.schema.properties.find((p: { id: string }) => p.id === 'rel')).toMatchObject({ targetDatabaseId: copiedDb.id });
    expect(got.schema.properties.find((p: { id: string }) => p.id === 'who')).toMatchObject({ targetDatabaseId: other.id, syncedPropertyId: null });
    expect(got.views).toEqual(readViews(doc));
    expect((await api.http.post(`/databases/${copiedDb.id}/query`).set('Authorization', api.owner.bearer).send({}).expect(200)).body.rows).toEqual([]);
    doc.destroy();
  });
});
