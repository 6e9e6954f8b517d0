import { randomUUID } from 'node:crypto';
import { addProperty, addRows, addView, deleteProperty, deleteRows, readRows, readSchema, readViews, setCells, updateView, type Editor } from '@tandem/database/ydoc';
import { DOCUMENT_FIELD, yDocToJSON } from '@tandem/editor';
import { VersionDatabase, type DatabaseQueryResponse, type PageView, type RestoreVersionResponse, type VersionDetailResponse, type VersionView } from '@tandem/protocol';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { addMember, apiJson, collabEnv, CollabWorld, savedAll, signUp, synced, type Client, type TestUser } from './support/collab/fixtures.js';

// Version history of a database page (issue 17): the preview answers the database as it was, and a
// restore brings back its rows, cells, properties and views (not only its body) as one ordinary
// edit, which the worker projects and whose rows get their pages back.

const MAX_DOCUMENT_BYTES = 32 * 1024;
const MAX_DATABASE_BYTES = 512 * 1024;

const bodyOf = (doc: Y.Doc) => (yDocToJSON(doc).content ?? []).map((p) => (p.content ?? []).map((t) => t.text ?? '').join(''));

function writeBody(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  doc.transact(() => {
    if (fragment.length) fragment.delete(0, fragment.length);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    fragment.insert(0, [paragraph]);
  });
}

// What a reader sees of the database (who edited a row last is the restore's own business).
function database(doc: Y.Doc, id: string) {
  return { schema: readSchema(doc, id), views: readViews(doc), rows: readRows(doc).map((r) => ({ id: r.id, values: r.values, createdBy: r.createdBy })) };
}

describe('version history of a database page', () => {
  let world: CollabWorld;
  let url: string;
  let owner: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv({ PERSIST_INTERVAL_MS: '100', COLLAB_MAX_DOCUMENT_BYTES: String(MAX_DOCUMENT_BYTES), COLLAB_MAX_DATABASE_BYTES: String(MAX_DATABASE_BYTES) }), {
      worker: true,
      ownerName: 'Ada',
    });
    url = world.serverUrl();
    owner = world.owner;
    bob = await signUp(url, 'Bob');
    await addMember(world.prisma, world.workspaceId, bob, 'member');
  });
  afterAll(() => world?.close());

  const by = (user: TestUser = owner): Editor => ({ userId: user.id, now: new Date().toISOString() });
  const projected = (databaseId: string) => apiJson<DatabaseQueryResponse>(url, owner, 'POST', `/databases/${databaseId}/query`, {});
  const rowPage = (id: string) => world.prisma.page.findUniqueOrThrow({ where: { id } });

  async function databasePage(): Promise<{ id: string; client: Client; titleId: string }> {
    const page = await apiJson<PageView>(url, owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { kind: 'database', title: 'Tasks' }, 201);
    const client = await world.client(page.id);
    await synced(client);
    return { id: page.id, client, titleId: readSchema(client.doc, page.id).properties[0]!.id };
  }

  it('previews the database as it was and restores its rows, cells, properties, views and body; row pages follow', async () => {
    const { id, client, titleId } = await databasePage();
    const doc = client.doc;
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    writeBody(doc, 'What we are doing');
    addProperty(doc, id, { id: 'estimate', name: 'Estimate', type: 'number', format: 'plain' });
    addRows(doc, id, [{ id: a, values: { [titleId]: 'Alpha', estimate: 3 } }, { id: b, values: { [titleId]: 'Beta', estimate: 2 } }, { id: c, values: { [titleId]: 'Gamma' } }], by());
    addView(doc, id, { id: 'board1', name: 'By estimate', layout: 'list', filter: null, sorts: [{ property: 'estimate', direction: 'ascending' }], groupBy: null, properties: [] });
    await savedAll(client);
    await waitUntil('row pages made', async () => (await world.prisma.page.count({ where: { parentId: id, kind: 'row', deletedAt: null } })) === 3, 20_000);
    const named = await apiJson<VersionView>(url, owner, 'POST', `/pages/${id}/versions`, { name: 'Three tasks' }, 201);
    const asItWas = database(doc, id);

    // Everything changes: a row deleted, one added, a cell edited, a property and a view deleted,
    // the first view renamed, the body rewritten.
    deleteRows(doc, [b]);
    addRows(doc, id, [{ id: d, values: { [titleId]: 'Delta' } }], by());
    setCells(doc, id, a, { [titleId]: 'Alpha, renamed' }, by());
    const view = readViews(doc)[0]!;
    updateView(doc, id, { ...view, name: 'Renamed table' });
    deleteProperty(doc, id, 'estimate');
    writeBody(doc, 'Something else');
    await savedAll(client);
    await waitUntil('changes projected', async () => (await projected(id)).rows.map((r) => r.id).join() === [a, c, d].join(), 20_000);
    await waitUntil("b's page trashed", async () => (await rowPage(b)).deletedAt !== null, 20_000);

    // The preview answers the database as it was, in the shape the API documents.
    const detail = await apiJson<VersionDetailResponse>(url, owner, 'GET', `/pages/${id}/versions/${named.id}`);
    expect(() => VersionDatabase.parse(detail.database)).not.toThrow();
    expect(detail.database!.rows.map((r) => [r.id, r.values])).toEqual([
      [a, { [titleId]: 'Alpha', estimate: 3 }],
      [b, { [titleId]: 'Beta', estimate: 2 }],
      [c, { [titleId]: 'Gamma' }],
    ]);
    expect(detail.database!.schema.properties.map((p) => p.id)).toEqual([titleId, 'estimate']);
    expect(detail.database!.views.map((v) => v.name)).toEqual([view.name, 'By estimate']);
    expect((detail.content.content ?? []).map((p) => p.content?.[0]?.text)).toEqual(['What we are doing']);

    // Bob restores it: the open client sees the database and the body come back live.
    const restored = await apiJson<RestoreVersionResponse>(url, bob, 'POST', `/pages/${id}/versions/${named.id}/restore`);
    expect(restored.updateId).not.toBeNull();
    await waitUntil('the restore reaches the open client', async () => readRows(doc).length === 3, 10_000);
    expect(database(doc, id)).toEqual(asItWas);
    expect(bodyOf(doc)).toEqual(['What we are doing']);
    // The rows it changed name Bob as their last editor; a row that came back keeps its creator.
    expect(readRows(doc).map((r) => r.lastEditedBy)).toEqual([bob.id, bob.id, owner.id]);

    // The projection follows (same row ids, cells back), and so do the row pages.
    await waitUntil('the restore projected', async () => (await projected(id)).rows.map((r) => r.id).join() === [a, b, c].join(), 20_000);
    expect((await projected(id)).rows.map((r) => [r.title, r.values.estimate ?? null])).toEqual([['Alpha', 3], ['Beta', 2], ['Gamma', null]]);
    await waitUntil('row pages follow the restore', async () => {
      const [pa, pb, pd] = await Promise.all([rowPage(a), rowPage(b), rowPage(d)]);
      return pa.title === 'Alpha' && pb.deletedAt === null && pb.title === 'Beta' && pd.deletedAt !== null;
    }, 20_000);

    // It was an ordinary edit: an edit after it merges and is projected like any other.
    setCells(doc, id, c, { estimate: 8 }, by());
    await savedAll(client);
    await waitUntil('a later edit projected', async () => (await projected(id)).rows.find((r) => r.id === c)?.values.estimate === 8, 20_000);
    expect(readRows(doc).map((r) => r.id)).toEqual([a, b, c]);

    // The page as it was before the restore is a version of its own: restoring it undoes the restore.
    await apiJson(url, owner, 'POST', `/pages/${id}/versions/${restored.beforeRestore.id}/restore`);
    await waitUntil('the restore undone', async () => readRows(doc).map((r) => r.id).join() === [a, c, d].join(), 10_000);
    expect(readSchema(doc, id).properties.map((p) => p.id)).toEqual([titleId]);
  });

  it('a text page\'s version has no database', async () => {
    const page = await apiJson<PageView>(url, owner, 'POST', `/workspaces/${world.workspaceId}/pages`, { title: 'Notes' }, 201);
    const version = await apiJson<VersionView>(url, owner, 'POST', `/pages/${page.id}/versions`, { name: 'Empty' }, 201);
    const detail = await apiJson<VersionDetailResponse>(url, owner, 'GET', `/pages/${page.id}/versions/${version.id}`);
    expect(detail.database).toBeNull();
  });

  it('restores under the database size limit, not the page limit', async () => {
    const { id, client, titleId } = await databasePage();
    // ~200 rows of ~300 bytes: well over a text page's limit, well under a database's.
    const rows = Array.from({ length: 200 }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i} ${'x'.repeat(200)}` } }));
    addRows(client.doc, id, rows, by());
    await savedAll(client);
    expect(Y.encodeStateAsUpdate(client.doc).byteLength).toBeGreaterThan(MAX_DOCUMENT_BYTES);
    const version = await apiJson<VersionView>(url, owner, 'POST', `/pages/${id}/versions`, { name: 'Many rows' }, 201);
    deleteRows(client.doc, rows.slice(0, 100).map((r) => r.id));
    await savedAll(client);
    await apiJson(url, owner, 'POST', `/pages/${id}/versions/${version.id}/restore`);
    await waitUntil('all rows back', async () => readRows(client.doc).length === 200, 10_000);
    expect(readRows(client.doc).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });
});
