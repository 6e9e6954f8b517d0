import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { applyMigrations, listMigrations } from '../../../scripts/lib/migrate-fallback.mjs';
import { migrationsDir, scratchDatabase } from './support/databases.js';

// The fallback migrator must leave _prisma_migrations exactly as `prisma migrate deploy` would,
// so that Prisma (on Railway, on users' machines) sees our work and we see its.
describe('fallback migrator', () => {
  let client: pg.Client;
  let url: string;

  beforeEach(async () => {
    ({ client, url } = await scratchDatabase('migrator'));
  });
  afterEach(() => client.end());

  it('records each migration as Prisma does: name, SHA-256 checksum, finished, one step', async () => {
    expect(await applyMigrations(url, migrationsDir, () => {})).toBe(listMigrations(migrationsDir).length);
    const { rows } = await client.query('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    const files = listMigrations(migrationsDir);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      const sql = readFileSync(join(migrationsDir, files[i]!.name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }
    const cols = await client.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(cols.rows.map((c) => `${c.column_name}:${c.data_type}:${c.is_nullable}`)).toEqual([
      'id:character varying:NO',
      'checksum:character varying:NO',
      'finished_at:timestamp with time zone:YES',
      'migration_name:character varying:NO',
      'logs:text:YES',
      'rolled_back_at:timestamp with time zone:YES',
      'started_at:timestamp with time zone:NO',
      'applied_steps_count:integer:NO',
    ]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    await applyMigrations(url, migrationsDir, () => {});
    expect(await applyMigrations(url, migrationsDir, () => {})).toBe(0);
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(rows[0].n).toBe(listMigrations(migrationsDir).length);
  });

  it('records a failing migration with its error, rolls its DDL back, and refuses to go on until resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    mkdirSync(join(dir, '29990101000000_broken'));
    writeFileSync(join(dir, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n');
    await expect(applyMigrations(url, dir, () => {})).rejects.toThrow(/29990101000000_broken failed/);
    const { rows } = await client.query(`SELECT finished_at, logs FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
    expect(rows[0].finished_at).toBeNull();
    expect(rows[0].logs).toMatch(/no_such_function/);
    const half = await client.query(`SELECT to_regclass('"Half"') AS t`);
    expect(half.rows[0].t).toBeNull();
    await expect(applyMigrations(url, dir, () => {})).rejects.toThrow(/P3009/);
  });
});
