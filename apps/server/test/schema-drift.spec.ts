import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { applyMigrations } from '../../../scripts/lib/migrate-fallback.mjs';
import { migrationsDir, schemaPath, scratchDatabase } from './support/databases.js';
import { shapeFromDatabase, shapeFromPrismaSchema } from './support/schema-shape.js';

// The committed SQL migrations, applied to an empty database, must build exactly what
// schema.prisma declares. Editing one without the other fails here.
describe('schema drift: prisma/migrations vs schema.prisma', () => {
  let client: pg.Client;
  const schema = readFileSync(schemaPath, 'utf8');

  beforeAll(async () => {
    const db = await scratchDatabase('drift');
    client = db.client;
    await applyMigrations(db.url, migrationsDir, () => {});
  });
  afterAll(() => client.end());

  it('the migrated database matches every model, column, type, nullability, default, key and index', async () => {
    const expected = await shapeFromPrismaSchema(schema);
    const actual = await shapeFromDatabase(client);
    expect(Object.keys(expected.tables).length).toBeGreaterThanOrEqual(11);
    expect(actual).toEqual(expected);
  });

  it('notices a column added to schema.prisma without a migration', async () => {
    const drifted = schema.replace(/model User \{\n/, 'model User {\n  nickname String?\n');
    expect(drifted).not.toBe(schema);
    const expected = await shapeFromPrismaSchema(drifted);
    const actual = await shapeFromDatabase(client);
    expect(expected.tables.User!.columns.nickname).toEqual({ type: 'text', nullable: true, default: null });
    expect(actual).not.toEqual(expected);
  });

  it('notices an index dropped by hand from the database', async () => {
    await client.query('DROP INDEX "Page_parentId_idx"');
    try {
      expect(await shapeFromDatabase(client)).not.toEqual(await shapeFromPrismaSchema(schema));
    } finally {
      await client.query('CREATE INDEX "Page_parentId_idx" ON "Page"("parentId")');
    }
  });
});
