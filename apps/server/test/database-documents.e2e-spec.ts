import { addRows, DatabaseDocError, readRows } from '@tandem/database/ydoc';
import type { PageView } from '@tandem/protocol';
import * as Y from 'yjs';
import { ApiError } from '../src/common/api-error.js';
import type { AppConfig } from '../src/config/env.js';
import { DatabaseDocuments } from '../src/databases/database-documents.service.js';
import { DatabaseEdits } from '../src/databases/database-edits.service.js';
import { DocumentStreamRepository } from '../src/documents/document-stream.repository.js';
import { DocumentRepository } from '../src/documents/document.repository.js';
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

// REST reads and edits borrow the document from a copy kept on the API process and caught up from
// the stream (DatabaseDocuments.read/edit). What it serves must always be the document as a whole
// read finds it now, through new entries, persists, trims, Redis losing the stream, failed edits
// and eviction; `reads` tells whether a use was caught up or read whole.
describe('databases: the API process keeps database documents it read', () => {
  const api = apiSuite('database-document-cache');
  const by = () => ({ userId: api.owner.id, now: new Date().toISOString() });
  let workspaceId: string;

  beforeAll(async () => {
    workspaceId = await createWorkspace(api.app, api.owner);
  });

  const newDatabase = async () => ((await api.http.post(`/workspaces/${workspaceId}/pages`).set('Authorization', api.owner.bearer).send({ kind: 'database', title: 'Tasks' }).expect(201)).body as PageView).id;
  // Someone's edit as it lands in the stream (a row added to the whole document): its entry id.
  const append = async (pageId: string, rowId: string) => {
    const doc = await api.app.get(DatabaseDocuments).current(pageId);
    const before = Y.encodeStateVector(doc);
    addRows(doc, pageId, [{ id: rowId }], by());
    const id = await api.app.get(DocumentStreamRepository).append(pageId, Y.encodeStateAsUpdate(doc, before), api.owner.id);
    doc.destroy();
    return id;
  };
  // What the worker's persist writes: the whole document, up to the stream's newest entry.
  const persist = async (pageId: string) => {
    const upTo = (await api.app.get(DocumentStreamRepository).lastId(pageId))!;
    const doc = await api.app.get(DatabaseDocuments).current(pageId);
    await api.prisma.document.update({ where: { pageId }, data: { state: Buffer.from(Y.encodeStateAsUpdate(doc)), stateVector: Buffer.from(Y.encodeStateVector(doc)), persistedUpTo: upTo } });
    doc.destroy();
    return upTo;
  };
  // A document's content: its state vector, its deletions and its rows.
  const content = (doc: Y.Doc) => ({ snapshot: Buffer.from(Y.encodeSnapshot(Y.snapshot(doc))).toString('base64'), rows: readRows(doc).map((r) => r.id).sort() });
  const served = (pageId: string, documents = api.app.get(DatabaseDocuments)) => documents.read(pageId, content);
  const truth = async (pageId: string) => {
    const doc = await api.app.get(DatabaseDocuments).current(pageId);
    const out = content(doc);
    doc.destroy();
    return out;
  };
  // How the next use read its document.
  const howRead = async (pageId: string, documents = api.app.get(DatabaseDocuments)) => {
    const before = { ...documents.reads };
    const out = await served(pageId, documents);
    const how = documents.reads.whole > before.whole ? 'whole' : documents.reads.caughtUp > before.caughtUp ? 'caught up' : '?';
    expect(out).toEqual(await truth(pageId));
    return { how, rows: out.rows };
  };

  it('catches up with entries written since, and serves what a whole read finds', async () => {
    const pageId = await newDatabase();
    await append(pageId, 'r0');
    expect((await howRead(pageId)).how).toBe('whole');
    expect(await howRead(pageId)).toEqual({ how: 'caught up', rows: ['r0'] });
    await append(pageId, 'r1');
    await append(pageId, 'r2');
    expect(await howRead(pageId)).toEqual({ how: 'caught up', rows: ['r0', 'r1', 'r2'] });
  });

  it('catches up across a persist and a trim that keep its point, and reads whole once they pass it', async () => {
    const pageId = await newDatabase();
    const stream = api.app.get(DocumentStreamRepository);
    const r0 = await append(pageId, 'r0');
    await howRead(pageId);
    // Persisted up to what it read, the entries before trimmed (persistedUpTo's entry stays).
    await persist(pageId);
    await stream.trimBefore(pageId, r0);
    expect(await howRead(pageId)).toEqual({ how: 'caught up', rows: ['r0'] });
    const r1 = await append(pageId, 'r1');
    expect(await howRead(pageId)).toEqual({ how: 'caught up', rows: ['r0', 'r1'] });
    // Persisted past what it read, and trimmed past it: r2 is only in the persisted state now.
    await append(pageId, 'r2');
    const r3 = await append(pageId, 'r3');
    await persist(pageId);
    await stream.trimBefore(pageId, r3);
    expect(await stream.has(pageId, r1)).toBe(false);
    expect(await howRead(pageId)).toEqual({ how: 'whole', rows: ['r0', 'r1', 'r2', 'r3'] });
    // Persisted past what it read, nothing trimmed: the entries are still there to catch up with.
    await append(pageId, 'r4');
    await persist(pageId);
    expect(await howRead(pageId)).toEqual({ how: 'caught up', rows: ['r0', 'r1', 'r2', 'r3', 'r4'] });
  });

  it('reads whole when Redis lost the stream, serving only what is still accounted for', async () => {
    const pageId = await newDatabase();
    const stream = api.app.get(DocumentStreamRepository);
    await append(pageId, 'r0');
    await persist(pageId);
    await append(pageId, 'r1');
    expect((await howRead(pageId)).rows).toEqual(['r0', 'r1']);
    // Redis restarted without its data: r1 is gone from the document's truth (the clients that
    // have it re-send it on their next handshake, invariant 9), so the copy holding it must go.
    await stream.remove(pageId);
    expect(await howRead(pageId)).toEqual({ how: 'whole', rows: ['r0'] });
    // A persist that folded entries this process never read, then the stream lost.
    await append(pageId, 'r2');
    await persist(pageId);
    await stream.remove(pageId);
    expect(await howRead(pageId)).toEqual({ how: 'whole', rows: ['r0', 'r2'] });
    // The persisted state alone, its stream gone: caught up (nothing to apply), no whole read each time.
    expect(await howRead(pageId)).toEqual({ how: 'caught up', rows: ['r0', 'r2'] });
  });

  it('keeps a stored edit without reading whole, and drops a copy a failed edit changed', async () => {
    const pageId = await newDatabase();
    const edits = api.app.get(DatabaseEdits);
    await append(pageId, 'r0');
    await howRead(pageId);
    await edits.edit(pageId, api.owner.id, 'body.values', (doc) => addRows(doc, pageId, [{ id: 'r1' }], by()));
    await append(pageId, 'r2');
    expect(await howRead(pageId)).toEqual({ how: 'caught up', rows: ['r0', 'r1', 'r2'] });
    // A check that fails after the change was made: a 400, nothing stored, the copy not kept.
    const failed = edits.edit(pageId, api.owner.id, 'body.values', (doc) => {
      addRows(doc, pageId, [{ id: 'bad' }], by());
      throw new DatabaseDocError('no such property');
    });
    await expect(failed).rejects.toMatchObject({ status: 400 });
    expect(await howRead(pageId)).toEqual({ how: 'whole', rows: ['r0', 'r1', 'r2'] });
    // A refusal before any change (a 404) keeps it.
    await expect(edits.edit(pageId, api.owner.id, 'param.rowId', () => { throw ApiError.notFound('Row'); })).rejects.toMatchObject({ status: 404 });
    expect((await howRead(pageId)).how).toBe('caught up');
  });

  it('serves edits and reads made at once in the order they were stored', async () => {
    const pageId = await newDatabase();
    const edits = api.app.get(DatabaseEdits);
    await Promise.all([
      ...['a', 'b', 'c', 'd'].map((id) => edits.edit(pageId, api.owner.id, 'body.values', (doc) => addRows(doc, pageId, [{ id }], by()))),
      served(pageId),
      append(pageId, 'e'),
      served(pageId),
    ]);
    expect((await howRead(pageId)).rows).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps no more bytes than its bound, least recently used out first', async () => {
    const [a, b] = [await newDatabase(), await newDatabase()];
    for (const pageId of [a, b]) for (let i = 0; i < 20; i++) await append(pageId, `r${i}`);
    const probe = new DatabaseDocuments(api.app.get(DocumentRepository), api.app.get(DocumentStreamRepository), { DATABASE_DOCUMENT_CACHE_BYTES: 1e9 } as AppConfig);
    await served(a, probe);
    const one = probe.cached.bytes;
    expect(one).toBeGreaterThan(0);
    // Room for one of them.
    const small = new DatabaseDocuments(api.app.get(DocumentRepository), api.app.get(DocumentStreamRepository), { DATABASE_DOCUMENT_CACHE_BYTES: Math.round(one * 1.5) } as AppConfig);
    expect((await howRead(a, small)).how).toBe('whole');
    expect((await howRead(a, small)).how).toBe('caught up');
    expect((await howRead(b, small)).how).toBe('whole');
    expect(small.cached.pages).toBe(1);
    expect(small.cached.bytes).toBeLessThanOrEqual(Math.round(one * 1.5));
    expect((await howRead(b, small)).how).toBe('caught up');
    expect((await howRead(a, small)).how).toBe('whole');
    // Too big for the bound at all: never kept.
    const tiny = new DatabaseDocuments(api.app.get(DocumentRepository), api.app.get(DocumentStreamRepository), { DATABASE_DOCUMENT_CACHE_BYTES: Math.round(one / 2) } as AppConfig);
    expect((await howRead(a, tiny)).how).toBe('whole');
    expect((await howRead(a, tiny)).how).toBe('whole');
    expect(tiny.cached).toEqual({ pages: 0, bytes: 0 });
  });
});
