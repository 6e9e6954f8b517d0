import { randomUUID } from 'node:crypto';
import { addProperty, addRows, addView, deleteRows, readRows, readSchema, readViews, setCells } from '@tandem/database/ydoc';
import { DOCUMENT_FIELD, fileContentUrl } from '@tandem/editor';
import type { DatabaseCoversResponse } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { openDatabase } from './support/collab/databases.js';
import { addPage, apiJson, collabEnv, CollabWorld, savedAll, synced } from './support/collab/fixtures.js';

// The worker's projection of database documents (issue 17): edits made by a real client through the
// collaboration path land in DatabaseRow and in the rows' pages once persisted.
describe('databases: the worker projects rows into DatabaseRow and row pages', () => {
  let world: CollabWorld;
  let prisma: PrismaClient;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv());
    prisma = world.prisma;
  });
  afterAll(() => world?.close());

  const by = () => ({ userId: world.owner.id, now: new Date().toISOString() });
  const projected = (databaseId: string) => prisma.databaseRow.findMany({ where: { databaseId }, orderBy: { position: 'asc' } });

  const database = () => openDatabase(world);

  it('projects added rows with their cells and formulas, renames and trashes row pages as the document changes', async () => {
    const { id, client, titleId } = await database();
    const doc = client.doc;
    addProperty(doc, id, { id: 'estimate', name: 'Estimate', type: 'number', format: 'plain' });
    addProperty(doc, id, { id: 'double', name: 'Double', type: 'formula', expression: 'prop("Estimate") * 2' });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    addRows(doc, id, [{ id: a, values: { [titleId]: 'Alpha', estimate: 3 } }, { id: b, values: { [titleId]: 'Beta' } }, { id: c, values: { [titleId]: 'Gamma', estimate: 1.5 } }], by());
    await savedAll(client);

    await waitUntil('rows projected', async () => (await projected(id)).length === 3, 20_000);
    const rows = await projected(id);
    expect(rows.map((r) => r.rowId)).toEqual([a, b, c]);
    expect(rows[0]).toMatchObject({ title: 'Alpha', values: { [titleId]: 'Alpha', estimate: 3 }, computed: { double: 6 }, createdById: world.owner.id });
    // An empty cell is left out of values, and a formula over it is empty.
    expect(rows[1]).toMatchObject({ title: 'Beta', values: { [titleId]: 'Beta' }, computed: { double: null } });
    await waitUntil('row pages made', async () => (await prisma.page.count({ where: { parentId: id, kind: 'row', deletedAt: null } })) === 3, 20_000);
    expect(await prisma.page.findUniqueOrThrow({ where: { id: a } })).toMatchObject({ kind: 'row', title: 'Alpha', parentId: id, workspaceId: world.workspaceId, createdById: world.owner.id });
    expect(await prisma.document.count({ where: { pageId: { in: [a, b, c] } } })).toBe(3);

    setCells(doc, id, a, { [titleId]: 'Alpha 2', estimate: 10 }, by());
    deleteRows(doc, [b]);
    await savedAll(client);
    await waitUntil('edits projected', async () => {
      const now = await projected(id);
      return now.length === 2 && now[0]!.title === 'Alpha 2';
    }, 20_000);
    expect((await projected(id))[0]).toMatchObject({ values: { [titleId]: 'Alpha 2', estimate: 10 }, computed: { double: 20 } });
    await waitUntil('row page renamed and trashed', async () => {
      const [pa, pb] = await Promise.all([prisma.page.findUniqueOrThrow({ where: { id: a } }), prisma.page.findUniqueOrThrow({ where: { id: b } })]);
      return pa.title === 'Alpha 2' && pb.deletedAt !== null && pb.trashedRootId === b;
    }, 20_000);
    // It comes back with its row, not from the trash: the trash does not list it.
    const trash = await apiJson<{ pages: Array<{ id: string }> }>(world.serverUrl(), world.owner, 'GET', `/workspaces/${world.workspaceId}/trash`);
    expect(trash.pages.map((p) => p.id)).not.toContain(b);

    // A row back in the document (undo, a version restore) brings its page back.
    addRows(doc, id, [{ id: b, values: { [titleId]: 'Beta again' } }], by());
    await savedAll(client);
    await waitUntil('row page back', async () => {
      const pb = await prisma.page.findUniqueOrThrow({ where: { id: b } });
      return pb.deletedAt === null && pb.title === 'Beta again';
    }, 20_000);
  });

  it('never touches a page whose id a client put in its database as a row id', async () => {
    const { id, client, titleId } = await database();
    const other = await database();
    const plain = await addPage(prisma, world.workspaceId);
    const foreignRow = randomUUID();
    addRows(other.client.doc, other.id, [{ id: foreignRow, values: { [other.titleId]: 'Theirs' } }], by());
    await savedAll(other.client);
    await waitUntil('other database projected', async () => (await projected(other.id)).length === 1, 20_000);

    const mine = randomUUID();
    addRows(client.doc, id, [{ id: plain, values: { [titleId]: 'hijack' } }, { id: foreignRow, values: { [titleId]: 'hijack' } }, { id: mine, values: { [titleId]: 'Mine' } }], by());
    await savedAll(client);
    await waitUntil('own row projected', async () => (await projected(id)).length === 1, 20_000);
    expect((await projected(id)).map((r) => r.rowId)).toEqual([mine]);
    expect(await prisma.page.findUniqueOrThrow({ where: { id: plain } })).toMatchObject({ kind: 'page', title: 'Another', parentId: null, deletedAt: null });
    expect(await prisma.page.findUniqueOrThrow({ where: { id: foreignRow } })).toMatchObject({ kind: 'row', title: 'Theirs', parentId: other.id, deletedAt: null });
    expect(await prisma.databaseRow.findUniqueOrThrow({ where: { rowId: foreignRow } })).toMatchObject({ databaseId: other.id, title: 'Theirs' });
    // Deleting them from this database trashes nothing of theirs either.
    deleteRows(client.doc, [plain, foreignRow]);
    client.doc.getText('t').insert(0, 'a body edit');
    await savedAll(client);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await prisma.page.count({ where: { id: { in: [plain, foreignRow] }, deletedAt: null } })).toBe(2);
  });

  it('a row written over REST reaches an open client live, is saved, and is projected', async () => {
    const { id, client, titleId } = await database();
    const rowId = randomUUID();
    await apiJson(world.serverUrl(), world.owner, 'POST', `/databases/${id}/rows`, { id: rowId, values: { [titleId]: 'From the API' } }, 201);
    await waitUntil('client sees the row', async () => readRows(client.doc).some((r) => r.id === rowId), 10_000);
    await apiJson(world.serverUrl(), world.owner, 'PATCH', `/databases/${id}/rows/${rowId}`, { values: { [titleId]: 'Renamed over the API' } });
    await waitUntil('client sees the edit', async () => readRows(client.doc).find((r) => r.id === rowId)?.values[titleId] === 'Renamed over the API', 10_000);
    await waitUntil('projected', async () => (await projected(id))[0]?.title === 'Renamed over the API', 20_000);
    expect(await prisma.page.findUniqueOrThrow({ where: { id: rowId } })).toMatchObject({ kind: 'row', title: 'Renamed over the API' });
    const res = await apiJson<{ rows: Array<{ id: string }> }>(world.serverUrl(), world.owner, 'POST', `/databases/${id}/query`, { filter: { combinator: 'and', conditions: [{ property: titleId, operator: 'contains', value: 'renamed' }] } });
    expect(res.rows.map((r) => r.id)).toEqual([rowId]);
  });

  it('projects the schema and views into DatabaseMeta, which GET and the query read; a property added since is still accepted', async () => {
    const { id, client, titleId } = await database();
    const doc = client.doc;
    addProperty(doc, id, { id: 'points', name: 'Points', type: 'number', format: 'plain' });
    addView(doc, id, { id: 'big', name: 'Big ones', layout: 'table', filter: { combinator: 'and', conditions: [{ property: 'points', operator: 'gt', value: 2 }] }, sorts: [{ property: 'points', direction: 'descending' }], groupBy: null, properties: [] });
    const [a, b] = [randomUUID(), randomUUID()];
    addRows(doc, id, [{ id: a, values: { [titleId]: 'Small', points: 1 } }, { id: b, values: { [titleId]: 'Big', points: 5 } }], by());
    await savedAll(client);
    const meta = () => prisma.databaseMeta.findUnique({ where: { databaseId: id } });
    await waitUntil('meta projected', async () => ((await meta())?.views as unknown[] | undefined)?.length === 2, 20_000);
    expect((await meta())!.schema).toEqual(readSchema(doc, id));
    expect((await meta())!.views).toEqual(readViews(doc));
    expect(await apiJson(world.serverUrl(), world.owner, 'GET', `/databases/${id}`)).toEqual({ id, schema: readSchema(doc, id), views: readViews(doc) });
    // GET answers from the meta while it is current: a name only the meta has shows...
    // (everything is saved, and the projection read the last persist).
    await savedAll(client);
    await waitUntil('meta of the last persist', async () => (await meta())?.upTo === (await prisma.document.findUniqueOrThrow({ where: { pageId: id } })).persistedUpTo, 20_000);
    const stored = (await meta())!;
    const marked = (stored.views as Array<{ name: string }>).map((v, i) => (i === 0 ? { ...v, name: 'From the meta' } : v));
    await prisma.databaseMeta.update({ where: { databaseId: id }, data: { views: marked } });
    expect((await apiJson<{ views: Array<{ name: string }> }>(world.serverUrl(), world.owner, 'GET', `/databases/${id}`)).views[0]!.name).toBe('From the meta');
    // ...and once the document moved past it (an edit in the stream), GET reads the document.
    setCells(doc, id, a, { points: 2 }, by());
    await waitUntil('GET reads the document again', async () => (await apiJson<{ views: Array<{ name: string }> }>(world.serverUrl(), world.owner, 'GET', `/databases/${id}`)).views[0]!.name === readViews(doc)[0]!.name, 20_000);
    const big = readViews(doc).find((v) => v.id === 'big')!;
    const res = await apiJson<{ rows: Array<{ id: string }> }>(world.serverUrl(), world.owner, 'POST', `/databases/${id}/query`, { filter: big.filter, sorts: big.sorts });
    expect(res.rows.map((r) => r.id)).toEqual([b]);

    // A save that leaves the database part alone (the page's rich-text body) keeps the meta
    // current without a projection: its `upTo` moves along with the document's.
    const persistedUpTo = async () => (await prisma.document.findUniqueOrThrow({ where: { pageId: id } })).persistedUpTo;
    // (the cell edit above saved first: until then the meta and the document agree on the old persist)
    await savedAll(client);
    await waitUntil('meta current again', async () => (await meta())?.upTo === (await persistedUpTo()), 20_000);
    const projectedAt = (await meta())!.projectedAt;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('About this database')]);
    doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph]);
    await savedAll(client);
    await waitUntil('meta follows the body-only save', async () => (await meta())?.upTo === (await persistedUpTo()), 20_000);
    expect((await meta())!.projectedAt).toEqual(projectedAt);

    // A property the projection has not seen (taken out of the meta here, as it is until the
    // worker catches up): the query checks the filter against the current document, so it is
    // accepted, and an unknown one is still refused.
    addProperty(doc, id, { id: 'fresh', name: 'Fresh', type: 'checkbox' });
    await savedAll(client);
    await waitUntil('new property projected', async () => ((await meta())?.schema as { properties: unknown[] }).properties.length === 3, 20_000);
    const projected = (await meta())!.schema as { properties: Array<{ id: string }> };
    await prisma.databaseMeta.update({ where: { databaseId: id }, data: { schema: { ...projected, properties: projected.properties.filter((p) => p.id !== 'fresh') } } });
    const fresh = await apiJson<{ rows: Array<{ id: string }> }>(world.serverUrl(), world.owner, 'POST', `/databases/${id}/query`, { filter: { combinator: 'and', conditions: [{ property: 'fresh', operator: 'is_unchecked' }] } });
    expect(fresh.rows.map((r) => r.id).sort()).toEqual([a, b].sort());
    await apiJson(world.serverUrl(), world.owner, 'POST', `/databases/${id}/query`, { filter: { combinator: 'and', conditions: [{ property: 'nope', operator: 'is_unchecked' }] } }, 400);
  });

  it("serves each row page's first image as its gallery cover, following the body as it is saved", async () => {
    const { id, client, titleId } = await database();
    const [withImage, without] = [randomUUID(), randomUUID()];
    addRows(client.doc, id, [{ id: withImage, values: { [titleId]: 'Pictured' } }, { id: without, values: { [titleId]: 'Plain' } }], by());
    await savedAll(client);
    await waitUntil('row pages made', async () => (await prisma.page.count({ where: { parentId: id, kind: 'row', deletedAt: null } })) === 2, 20_000);
    const covers = () => apiJson<DatabaseCoversResponse>(world.serverUrl(), world.owner, 'GET', `/databases/${id}/covers`);
    expect((await covers()).covers).toEqual([]);

    // The row page's body as the editor writes it: a paragraph, then an uploaded image, then another.
    const row = await world.client(withImage);
    await synced(row);
    const [first, second] = [randomUUID(), randomUUID()];
    const body = row.doc.getXmlFragment(DOCUMENT_FIELD);
    const image = (fileId: string) => {
      const el = new Y.XmlElement('image');
      el.setAttribute('src', fileContentUrl(fileId));
      el.setAttribute('fileId', fileId);
      return el;
    };
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('A caption')]);
    body.insert(0, [paragraph, image(first), image(second)]);
    await savedAll(row);
    await waitUntil('cover served', async () => (await covers()).covers.length === 1, 20_000);
    expect((await covers()).covers).toEqual([{ rowId: withImage, url: fileContentUrl(first) }]);

    // The first image removed: the next one is the cover; none left: no cover.
    body.delete(1, 1);
    await savedAll(row);
    await waitUntil('next image', async () => (await covers()).covers[0]?.url === fileContentUrl(second), 20_000);
    body.delete(1, 1);
    await savedAll(row);
    await waitUntil('no cover', async () => (await covers()).covers.length === 0, 20_000);
    // A row deleted from the database takes its cover with it (its page goes to the trash).
    body.insert(1, [image(first)]);
    await savedAll(row);
    await waitUntil('cover again', async () => (await covers()).covers.length === 1, 20_000);
    deleteRows(client.doc, [withImage]);
    await savedAll(client);
    await waitUntil('cover gone with the row', async () => (await covers()).covers.length === 0, 20_000);
  });
});
