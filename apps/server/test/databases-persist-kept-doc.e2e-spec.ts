import { randomUUID } from 'node:crypto';
import { addProperty, addRows, deleteRows, readRows, readSchema, readViews, setCells } from '@tandem/database/ydoc';
import { DOCUMENT_FIELD } from '@tandem/editor';
import * as Y from 'yjs';
import { DocumentRepository, type PersistedDocument } from '../src/documents/document.repository.js';
import type { PrismaService } from '../src/infra/prisma.service.js';
import { openDatabase } from './support/collab/databases.js';
import { collabEnv, CollabWorld, editWhileKillingWorker, savedAll, seededRandom, workerMetrics, type Client } from './support/collab/fixtures.js';

const decode = (state: Uint8Array): Y.Doc => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
};

// What a database document holds, in a form that compares by value (Yjs states compare by what
// they decode to, not by their bytes: one content can be encoded in more than one way).
const content = (doc: Y.Doc, databaseId: string) => ({
  rows: [...readRows(doc)].sort((a, b) => a.id.localeCompare(b.id)),
  schema: readSchema(doc, databaseId),
  views: readViews(doc),
  body: doc.getXmlFragment(DOCUMENT_FIELD).toJSON(),
  stateVector: Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc))),
});

// The worker merges a database page's next persist into the document it kept from the last one
// (issue 17, session 14) instead of applying the persisted state into a new one. The state it
// writes must be what a fresh apply gives: after each save, the Document row decodes to the
// previous row's state plus everything the client sent after it. And a kept document must never be
// used once the row moved without this worker: another writer, another worker, a restart.
describe('databases: the persist merges into the document it kept', () => {
  let world: CollabWorld;
  let documents: DocumentRepository;
  let counter: (name: string, labels: string) => Promise<number>;

  beforeAll(async () => {
    const metrics = await workerMetrics();
    counter = metrics.counter;
    world = await CollabWorld.open(collabEnv(metrics.env));
    documents = new DocumentRepository(world.prisma as unknown as PrismaService);
  });
  afterAll(() => world?.close());

  const by = () => ({ userId: world.owner.id, now: new Date().toISOString() });

  const merges = (document: 'kept' | 'state') => counter('tandem_persist_merges_total', `document="${document}"`);

  // The row after the client's edits are saved must be `previous` + what the client sent after it,
  // and (every edit being saved) hold what the client holds, unless `heldByClient` is false
  // (another writer saved what the client never received).
  const expectSavedOnto = async (previous: PersistedDocument, client: Client, databaseId: string, step: string, heldByClient = true): Promise<PersistedDocument> => {
    await savedAll(client);
    const row = (await documents.find(databaseId))!;
    const expected = decode(previous.state);
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(client.doc, Y.encodeStateVector(expected)));
    const written = decode(row.state);
    expect({ step, written: content(written, databaseId) }).toEqual({ step, written: content(expected, databaseId) });
    if (heldByClient) expect({ step, written: content(written, databaseId) }).toEqual({ step, written: content(client.doc, databaseId) });
    expect({ step, stateVector: Buffer.from(row.stateVector) }).toEqual({ step, stateVector: Buffer.from(Y.encodeStateVector(written)) });
    expect(row.persistedUpTo).not.toBe(previous.persistedUpTo);
    for (const doc of [expected, written]) doc.destroy();
    return row;
  };

  it('random edits over successive persists: each written state is the previous one plus the entries', async () => {
    const seed = Number(process.env.PERSIST_SEED ?? Date.now() % 100_000);
    const rng = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
    const { id, client, titleId } = await openDatabase(world, `Kept ${seed}`);
    const doc = client.doc;
    addProperty(doc, id, { id: 'pts', name: 'Points', type: 'number', format: 'plain' });
    addProperty(doc, id, { id: 'notes', name: 'Notes', type: 'text' });
    addRows(doc, id, Array.from({ length: 30 }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i}`, pts: i } })), by());
    await savedAll(client);
    let row = (await documents.find(id))!;
    const keptBefore = await merges('kept');
    const ids = () => readRows(doc).map((r) => r.id);
    const word = () => pick(['alpha', 'beta', 'gamma', 'delta']) + Math.floor(rng() * 1000);
    const rounds = 30;
    for (let round = 0; round < rounds; round++) {
      if (ids().length < 10) addRows(doc, id, [{ id: randomUUID(), values: { [titleId]: word() } }], by());
      const kind = pick(['cells', 'cells', 'cells', 'rows added', 'rows deleted', 'body', 'property']);
      if (kind === 'cells') for (let n = 1 + Math.floor(rng() * 4); n > 0; n--) setCells(doc, id, pick(ids()), pick<Record<string, unknown>>([{ [titleId]: word() }, { pts: Math.floor(rng() * 99) }, { notes: word() }]), by());
      else if (kind === 'rows added') addRows(doc, id, [{ id: randomUUID(), values: { [titleId]: word() } }], by());
      else if (kind === 'rows deleted') deleteRows(doc, [pick(ids())]);
      else if (kind === 'body') {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(word())]);
        doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph]);
      } else addProperty(doc, id, { id: `p${round}`, name: `Extra ${round}`, type: 'text' });
      row = await expectSavedOnto(row, client, id, `seed ${seed}, round ${round}: ${kind}`);
    }
    // Most of those persists merged into the kept document (a persist that starts while the
    // projection still reads it applies the state instead); without it none would.
    expect((await merges('kept')) - keptBefore).toBeGreaterThanOrEqual(rounds / 2);
  }, 120_000);

  it('the row moved by another writer: the kept document is not used, and nothing that writer saved is lost', async () => {
    const { id, client, titleId } = await openDatabase(world, 'Moved elsewhere');
    const [a, b] = [randomUUID(), randomUUID()];
    addRows(client.doc, id, [{ id: a, values: { [titleId]: 'A' } }, { id: b, values: { [titleId]: 'B' } }], by());
    await savedAll(client);
    setCells(client.doc, id, a, { [titleId]: 'A1' }, by());
    await savedAll(client);
    // The worker now holds its merged document at this row's position. Another writer (as another
    // worker's persist would) moves the row: a row renamed, one added.
    const row = (await documents.find(id))!;
    const elsewhere = decode(row.state);
    const c = randomUUID();
    setCells(elsewhere, id, b, { [titleId]: 'B written elsewhere' }, by());
    addRows(elsewhere, id, [{ id: c, values: { [titleId]: 'C written elsewhere' } }], by());
    const [ms, seq] = row.persistedUpTo.split('-');
    const state = Y.encodeStateAsUpdate(elsewhere);
    const moved = { state, stateVector: Y.encodeStateVector(elsewhere), persistedUpTo: `${ms}-${Number(seq) + 1}`, text: '', firstImage: null, updates: 1, authorIds: [], snapshotDue: false };
    expect(await documents.guardedWrite(id, row.persistedUpTo, moved)).toBe('written');
    elsewhere.destroy();
    const [keptBefore, stateBefore] = [await merges('kept'), await merges('state')];

    // The client's next edit: merged into the moved row's state, not into the kept document.
    setCells(client.doc, id, a, { [titleId]: 'A2' }, by());
    let after = await (async () => {
      await savedAll(client);
      return (await documents.find(id))!;
    })();
    const written = decode(after.state);
    const titles = new Map(readRows(written).map((r) => [r.id, r.values[titleId]]));
    expect(Object.fromEntries(titles)).toEqual({ [a]: 'A2', [b]: 'B written elsewhere', [c]: 'C written elsewhere' });
    written.destroy();
    // (Later merges of the page may have used the kept document again: the moved position is no
    // stream entry, so the worker also asked the client to re-send, a second save.)
    expect((await merges('state')) - stateBefore).toBeGreaterThanOrEqual(1);

    // From there on, the document kept from that persist serves the next ones (the client does not
    // hold what the other writer saved: the check is against the row before each save alone).
    for (let n = 3; n < 8; n++) {
      setCells(client.doc, id, a, { [titleId]: `A${n}` }, by());
      after = await expectSavedOnto(after, client, id, `edit ${n}`, false);
    }
    expect((await merges('kept')) - keptBefore).toBeGreaterThanOrEqual(1);
    expect(readRows(decode(after.state)).find((r) => r.id === b)?.values[titleId]).toBe('B written elsewhere');
  });

  it('the worker killed again and again while a database is edited: every save is what the client sent', async () => {
    const { id, client, titleId } = await openDatabase(world, 'Kills');
    const rng = seededRandom(11);
    addRows(client.doc, id, Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i}` } })), by());
    await savedAll(client);
    const ids = readRows(client.doc).map((r) => r.id);
    await editWhileKillingWorker(world, rng, 3, () => 800 + rng() * 1200, (n) => setCells(client.doc, id, ids[Math.floor(rng() * ids.length)]!, { [titleId]: `Row ${n}` }, by()));
    await savedAll(client);
    let row = (await documents.find(id))!;
    const written = decode(row.state);
    expect(content(written, id)).toEqual(content(client.doc, id));
    written.destroy();
    // And the restarted worker's kept documents carry on from there.
    for (let n = 0; n < 3; n++) {
      setCells(client.doc, id, ids[n]!, { [titleId]: `After ${n}` }, by());
      row = await expectSavedOnto(row, client, id, `after the kills, edit ${n}`);
    }
  });
});

// Two workers take the persists of one page in turn: each one's kept document is behind the row
// whenever the other persisted last, and must then be left alone.
describe('databases: kept documents with two workers', () => {
  let world: CollabWorld;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv(), { workers: 2 });
  });
  afterAll(() => world?.close());

  it('every save holds what the client sent', async () => {
    const { id, client, titleId } = await openDatabase(world, 'Two workers');
    const by = { userId: world.owner.id, now: new Date().toISOString() };
    addRows(client.doc, id, Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i}` } })), by);
    const ids = readRows(client.doc).map((r) => r.id);
    const documents = new DocumentRepository(world.prisma as unknown as PrismaService);
    for (let n = 0; n < 20; n++) {
      setCells(client.doc, id, ids[n % ids.length]!, { [titleId]: `Edit ${n}` }, by);
      await savedAll(client);
      const written = decode((await documents.find(id))!.state);
      expect({ n, written: content(written, id) }).toEqual({ n, written: content(client.doc, id) });
      written.destroy();
    }
  }, 120_000);
});
