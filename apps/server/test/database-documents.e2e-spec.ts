import { addRows, readRows } from '@tandem/database/ydoc';
import type { PageView } from '@tandem/protocol';
import * as Y from 'yjs';
import { DatabaseDocuments } from '../src/databases/database-documents.service.js';
import { DocumentStreamRepository } from '../src/documents/document-stream.repository.js';
import { apiSuite, createWorkspace } from './support/world.js';

// A held edit (DatabaseEdits.commit, used by two-way relations) is stored without applying the
// document again only while DatabaseDocuments.unchangedSince says nothing was written since it was
// read: checked here against the real stream and Document row, through what a persist does to them.
describe('databases: whether a document read is still current', () => {
  const api = apiSuite('database-documents');

  it('stays current until an edit reaches the stream, whatever the persist and the trim do meanwhile', async () => {
    const workspaceId = await createWorkspace(api.app, api.owner);
    const page = (await api.http.post(`/workspaces/${workspaceId}/pages`).set('Authorization', api.owner.bearer).send({ kind: 'database', title: 'Tasks' }).expect(201)).body as PageView;
    const documents = api.app.get(DatabaseDocuments);
    const stream = api.app.get(DocumentStreamRepository);
    // Someone's edit, as it lands in the stream: a row added to the document as it is now.
    const edit = async (rowId: string) => {
      const doc = await documents.current(page.id);
      const before = Y.encodeStateVector(doc);
      addRows(doc, page.id, [{ id: rowId }], { userId: api.owner.id, now: new Date().toISOString() });
      await stream.append(page.id, Y.encodeStateAsUpdate(doc, before), api.owner.id);
      doc.destroy();
    };
    const read = async () => {
      const { doc, read } = await documents.load(page.id);
      const rows = readRows(doc).map((r) => r.id);
      doc.destroy();
      return { read, rows };
    };

    const first = await read();
    expect(await documents.unchangedSince(page.id, first.read)).toBe(true);
    await edit('r1');
    expect(await documents.unchangedSince(page.id, first.read)).toBe(false);

    const second = await read();
    expect(second.rows).toContain('r1');
    const lastEntryId = second.read.lastEntryId!;
    expect(lastEntryId).toEqual(expect.any(String));
    // The persist folds the stream into the state and moves persistedUpTo: the document is the same.
    const merged = await documents.current(page.id);
    await api.prisma.document.update({ where: { pageId: page.id }, data: { state: Buffer.from(Y.encodeStateAsUpdate(merged)), persistedUpTo: lastEntryId } });
    merged.destroy();
    expect(await documents.unchangedSince(page.id, second.read)).toBe(true);

    // A read of the persisted state alone (no entry after it) stays current while the stream ends
    // there, and after the stream is trimmed away.
    const third = await read();
    expect(third.read).toEqual({ persistedUpTo: lastEntryId, lastEntryId: null });
    expect(await documents.unchangedSince(page.id, third.read)).toBe(true);
    await stream.trimBefore(page.id, `${Date.now() + 60_000}-0`);
    expect(await stream.lastId(page.id)).toBeNull();
    expect(await documents.unchangedSince(page.id, third.read)).toBe(true);
    // A read whose last entry is gone from the stream (trimmed, or lost with Redis) is not trusted.
    expect(await documents.unchangedSince(page.id, second.read)).toBe(false);

    await edit('r2');
    expect(await documents.unchangedSince(page.id, third.read)).toBe(false);
    expect((await read()).rows).toEqual(expect.arrayContaining(['r1', 'r2']));
  });
});
