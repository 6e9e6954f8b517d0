import { randomUUID } from 'node:crypto';
import { addRows } from '@tandem/database/ydoc';
import { waitUntil } from '@tandem/testkit';
import * as Y from 'yjs';
import { type DatabaseProjection, PROJECTION_BATCH_ROWS } from '../src/databases/database-projection.service.js';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { fullProjection, openDatabase } from './support/collab/databases.js';
import { collabEnv, CollabWorld, savedAll } from './support/collab/fixtures.js';

const ROWS = 2_000;

// A whole projection of a big database must give the worker's event loop turns while it reads the
// rows (issue 17, session 15): at 50,000 rows one synchronous pass held the loop past BullMQ's lock
// renewals. Counted, not timed: every row the projection reads from the document goes through
// Y.Map's toJSON (its cells), and a setImmediate ticker records how many such reads ran between two
// of its turns. Read in one pass, that is every row; read in batches, at most about two batches.
describe('databases: a whole projection gives the event loop turns between batches of rows', () => {
  let world: CollabWorld;
  let prisma: PrismaClient;
  let full: DatabaseProjection;

  beforeAll(async () => {
    world = await CollabWorld.open(collabEnv());
    prisma = world.prisma;
    full = fullProjection(prisma);
  });
  afterAll(() => world?.close());

  it(`reads ${ROWS} rows at most about ${PROJECTION_BATCH_ROWS * 2} per turn of the loop, and finds the worker's projection complete`, async () => {
    const { id, client, titleId } = await openDatabase(world);
    const rows = Array.from({ length: ROWS }, (_, i) => ({ id: randomUUID(), values: { [titleId]: `Row ${i}` } }));
    addRows(client.doc, id, rows, { userId: world.owner.id, now: new Date().toISOString() });
    await savedAll(client);
    await waitUntil(
      'the worker projected every row',
      async () => {
        const [document, meta, count] = await Promise.all([
          prisma.document.findUniqueOrThrow({ where: { pageId: id } }),
          prisma.databaseMeta.findUnique({ where: { databaseId: id } }),
          prisma.databaseRow.count({ where: { databaseId: id } }),
        ]);
        return meta?.upTo === document.persistedUpTo && count === ROWS;
      },
      120_000,
    );
    // The worker made every row's page (in 500-page statements).
    expect(await prisma.page.count({ where: { parentId: id, kind: 'row', deletedAt: null } })).toBe(ROWS);

    const toJSON = Y.Map.prototype.toJSON;
    let reads = 0;
    Y.Map.prototype.toJSON = function (this: Y.Map<unknown>) {
      reads += 1;
      return toJSON.call(this);
    };
    let most = 0;
    let seen = 0;
    let turns = 0;
    let running = true;
    const tick = () => {
      most = Math.max(most, reads - seen);
      seen = reads;
      turns += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    let outcome;
    try {
      outcome = await full.project(id);
    } finally {
      running = false;
      Y.Map.prototype.toJSON = toJSON;
    }
    most = Math.max(most, reads - seen);

    // The probe saw the rows read, and the projection is the worker's: nothing to write or make.
    expect(reads).toBeGreaterThanOrEqual(ROWS);
    expect(outcome).toMatchObject({ kind: 'projected', mode: 'full', rows: ROWS, written: 0, removed: 0, pagesMade: 0, pagesTrashed: 0, refused: 0 });
    expect(turns).toBeGreaterThan(ROWS / PROJECTION_BATCH_ROWS);
    expect(most).toBeLessThanOrEqual(PROJECTION_BATCH_ROWS * 2);
    client.close();
  });
});
