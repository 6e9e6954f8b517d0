import { randomUUID } from 'node:crypto';
import { waitUntil } from '@tandem/testkit';
import { addProperty, addRows, clearCells, deleteProperty, deleteRows, moveRow, readRows, readSchema, setCells, updateProperty } from '@tandem/database/ydoc';
import { DOCUMENT_FIELD } from '@tandem/editor';
import { ApiLimits } from '@tandem/protocol';
import * as Y from 'yjs';
import type { DatabaseProjection } from '../src/databases/database-projection.service.js';
import { DocumentRepository } from '../src/documents/document.repository.js';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import type { PrismaService } from '../src/infra/prisma.service.js';
import { fullProjection, openDatabase } from './support/collab/databases.js';
import { collabEnv, CollabWorld, editWhileKillingWorker, savedAll, seededRandom, workerMetrics } from './support/collab/fixtures.js';

// The worker re-projects only the rows the persisted edits touched when it can (issue 17). That
// must give what projecting every row gives: after each step of random edits made through the
// real server, a full projection of the persisted document (the same service, a fresh instance:
// it has seen no persist, so it projects every row and diffs the table) must find nothing to
// write, and the rows' pages must be in step. Then the worker is killed between a persist and its
// projection, and during both.
describe('databases: projecting only the touched rows equals a full projection', () => {
  let world: CollabWorld;
  let prisma: PrismaClient;
  let counter: (name: string, labels: string) => Promise<number>;
  let full: DatabaseProjection;

  beforeAll(async () => {
    const metrics = await workerMetrics();
    counter = metrics.counter;
    world = await CollabWorld.open(collabEnv(metrics.env));
    prisma = world.prisma;
    full = fullProjection(prisma);
  });
  afterAll(() => world?.close());

  const by = () => ({ userId: world.owner.id, now: new Date().toISOString() });
  const table = (databaseId: string) => prisma.databaseRow.findMany({ where: { databaseId }, orderBy: { rowId: 'asc' } });

  // The worker's projection has read the last persist (or a save left the database part alone).
  const caughtUp = (databaseId: string) =>
    waitUntil(
      'projection caught up with the persisted document',
      async () => {
        const [document, meta] = await Promise.all([prisma.document.findUniqueOrThrow({ where: { pageId: databaseId } }), prisma.databaseMeta.findUnique({ where: { databaseId } })]);
        return meta?.upTo === document.persistedUpTo;
      },
      30_000,
    );

  const projections = (mode: 'rows' | 'full') => counter('tandem_database_projections_total', `mode="${mode}"`);

  // The check itself: the table as the worker left it is what a full projection makes.
  const expectFullProjection = async (databaseId: string, step: string) => {
    await caughtUp(databaseId);
    const before = await table(databaseId);
    const outcome = await full.project(databaseId);
    expect({ step, outcome }).toEqual({ step, outcome: expect.objectContaining({ kind: 'projected', mode: 'full', written: 0, removed: 0, pagesMade: 0, pagesTrashed: 0 }) });
    expect({ step, rows: await table(databaseId) }).toEqual({ step, rows: before });
    const pages = await prisma.page.findMany({ where: { parentId: databaseId, kind: 'row', deletedAt: null }, select: { id: true, title: true }, orderBy: { id: 'asc' } });
    expect({ step, pages }).toEqual({ step, pages: before.map((r) => ({ id: r.rowId, title: r.title.slice(0, ApiLimits.pageTitleMax) })) });
  };

  it('random cell edits, rows added, moved and deleted, schema changes and a formula over a relation', async () => {
    const seed = Number(process.env.PROJECTION_SEED ?? Date.now() % 100_000);
    const rng = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
    const { id, client, titleId } = await openDatabase(world, `Random ${seed}`);
    const doc = client.doc;
    addProperty(doc, id, { id: 'pts', name: 'Points', type: 'number', format: 'plain' });
    addProperty(doc, id, { id: 'notes', name: 'Notes', type: 'text' });
    addProperty(doc, id, { id: 'done', name: 'Done', type: 'checkbox' });
    addProperty(doc, id, { id: 'total', name: 'Total', type: 'formula', expression: 'prop("Points") * 2 + if(prop("Done"), 1, 0)' });
    addRows(doc, id, Array.from({ length: 24 }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i}`, pts: i } })), by());
    await savedAll(client);
    await expectFullProjection(id, `seed ${seed}: set-up`);
    const rowsBefore = await projections('rows');

    const ids = () => readRows(doc).map((r) => r.id);
    const word = () => pick(['alpha', 'beta', 'gamma', 'delta', 'epsilon']) + Math.floor(rng() * 100);
    const steps: [number, string, () => void][] = [
      [40, 'cell edits', () => {
        for (let n = 1 + Math.floor(rng() * 3); n > 0; n--) {
          const cell = pick<Record<string, unknown>>([{ [titleId]: word() }, { pts: Math.floor(rng() * 50) }, { notes: word() }, { done: rng() < 0.5 }]);
          setCells(doc, id, pick(ids()), cell, by());
        }
      }],
      [12, 'rows added', () => addRows(doc, id, Array.from({ length: 1 + Math.floor(rng() * 3) }, () => ({ id: randomUUID(), values: { [titleId]: word(), pts: Math.floor(rng() * 9) } })), by())],
      [10, 'rows deleted', () => deleteRows(doc, [pick(ids()), pick(ids())])],
      [6, 'a row moved', () => {
        const all = ids();
        const i = Math.floor(rng() * (all.length - 1));
        moveRow(doc, pick(all), all[i]!, all[i + 1]!, by());
      }],
      [5, 'cells cleared', () => clearCells(doc, pick(ids()), ['pts', 'notes'], by())],
      [6, 'the formula changed', () => {
        const formula = readSchema(doc, id).properties.find((p) => p.id === 'total')!;
        updateProperty(doc, id, { ...formula, expression: pick(['prop("Points") * 2 + if(prop("Done"), 1, 0)', 'prop("Points") + 1', 'length(prop("Notes"))']) } as typeof formula);
      }],
      [4, 'a property renamed', () => {
        const notes = readSchema(doc, id).properties.find((p) => p.id === 'notes')!;
        updateProperty(doc, id, { ...notes, name: notes.name === 'Notes' ? 'Remarks' : 'Notes' });
      }],
      [5, 'a body edit only', () => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(word())]);
        doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph]);
      }],
      // A formula over a relation reads other rows' titles: every projection is full while it is
      // there, and a renamed row changes another row's formula.
      [5, 'a relation and a formula over it, added or removed', () => {
        if (readSchema(doc, id).properties.some((p) => p.id === 'rel')) {
          deleteProperty(doc, id, 'linked');
          deleteProperty(doc, id, 'rel');
          return;
        }
        addProperty(doc, id, { id: 'rel', name: 'Related', type: 'relation', targetDatabaseId: id, syncedPropertyId: null });
        addProperty(doc, id, { id: 'linked', name: 'Linked', type: 'formula', expression: 'prop("Related")' });
        for (let n = 0; n < 4; n++) setCells(doc, id, pick(ids()), { rel: [pick(ids())] }, by());
      }],
      [7, 'edits over several saves', () => {
        for (let n = 0; n < 3; n++) setTimeout(() => ids().length && setCells(doc, id, pick(ids()), { pts: Math.floor(rng() * 50), [titleId]: word() }, by()), 350 * (n + 1));
      }],
    ];
    const weights = steps.reduce((n, [w]) => n + w, 0);
    let relationRounds = 0;
    for (let round = 0; round < 40; round++) {
      let r = rng() * weights;
      // The relation goes again after 3 rounds, so every seed leaves rounds for the rows path.
      const related = readSchema(doc, id).properties.some((p) => p.id === 'rel');
      relationRounds = related ? relationRounds + 1 : 0;
      const [, name, run] = relationRounds > 3 ? steps.find(([, n]) => n.startsWith('a relation'))! : steps.find(([w]) => (r -= w) < 0)!;
      if (ids().length < 6) addRows(doc, id, [{ id: randomUUID(), values: { [titleId]: word() } }, { id: randomUUID(), values: { [titleId]: word() } }], by());
      run();
      if (name === 'edits over several saves') await new Promise((resolve) => setTimeout(resolve, 1200));
      await savedAll(client);
      await expectFullProjection(id, `seed ${seed}, round ${round}: ${name}`);
    }
    // Most of those projections took only the touched rows (all of them would pass too, slowly).
    expect((await projections('rows')) - rowsBefore).toBeGreaterThanOrEqual(10);
    // 40 rounds, each waiting for its save (the persist interval, ~1 s): 53 s on a quiet machine,
    // over the default 60 s in a loaded full run.
  }, 240_000);

  // Kill tests: the projection is queued by the persist after its write commits, and runs as its
  // own job; the worker can die anywhere in between or during it.
  it('a worker killed after a persist wrote and before it queued the projection: the next worker projects what was persisted', async () => {
    const { id, client, titleId } = await openDatabase(world, 'Crash window');
    const [a, b] = [randomUUID(), randomUUID()];
    addRows(client.doc, id, [{ id: a, values: { [titleId]: 'Kept' } }, { id: b, values: { [titleId]: 'Deleted while down' } }], by());
    await savedAll(client);
    await expectFullProjection(id, 'before the kill');

    await world.stack.worker!.kill9();
    // What the killed persist left: the Document row written (as its guarded write does), no
    // projection queued. The edit is made on the persisted state and written over it.
    const documents = new DocumentRepository(prisma as unknown as PrismaService);
    const row = (await documents.find(id))!;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, row.state);
    setCells(doc, id, a, { [titleId]: 'Renamed while down' }, by());
    deleteRows(doc, [b]);
    const [ms, seq] = row.persistedUpTo.split('-');
    const state = Y.encodeStateAsUpdate(doc);
    const written = await documents.guardedWrite(id, row.persistedUpTo, { state, stateVector: Y.encodeStateVector(doc), persistedUpTo: `${ms}-${Number(seq) + 1}`, text: '', firstImage: null, updates: 1, authorIds: [], snapshotDue: false });
    expect(written).toBe('written');
    doc.destroy();

    world.stack.worker!.start();
    await waitUntil('projected by the next worker', async () => (await table(id)).map((r) => r.title).join() === 'Renamed while down', 30_000);
    await expectFullProjection(id, 'after the restart');
    expect(await prisma.page.findUniqueOrThrow({ where: { id: b } })).toMatchObject({ trashedRootId: b });
  });

  it('the worker killed again and again while a database is edited: once one runs, the projection is a full projection of what was saved', async () => {
    const { id, client, titleId } = await openDatabase(world, 'Kills');
    const rng = seededRandom(7);
    addProperty(client.doc, id, { id: 'pts', name: 'Points', type: 'number', format: 'plain' });
    addProperty(client.doc, id, { id: 'twice', name: 'Twice', type: 'formula', expression: 'prop("Points") * 2' });
    addRows(client.doc, id, Array.from({ length: 40 }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i}`, pts: i } })), by());
    await savedAll(client);
    const ids = readRows(client.doc).map((r) => r.id);
    await editWhileKillingWorker(world, rng, 4, () => 600 + rng() * 1400, (n) => {
      const rowId = ids[Math.floor(rng() * ids.length)]!;
      if (n % 25 === 24) deleteRows(client.doc, [rowId]);
      else if (readRows(client.doc).some((r) => r.id === rowId)) setCells(client.doc, id, rowId, { pts: n, [titleId]: `Row ${n}` }, by());
      else addRows(client.doc, id, [{ id: randomUUID(), values: { [titleId]: `New ${n}` } }], by());
    });
    await savedAll(client);
    await expectFullProjection(id, 'after the kills');
    // And the table is the document's rows (not only consistent with itself).
    expect((await table(id)).map((r) => `${r.rowId}:${r.title}`).sort()).toEqual(readRows(client.doc).map((r) => `${r.id}:${r.values[titleId] as string}`).sort());
  });
});

