import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { recreateDatabase } from '../../../../scripts/lib/migrate-fallback.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const migrationsDir = join(repoRoot, 'prisma', 'migrations');
export const schemaPath = join(repoRoot, 'prisma', 'schema.prisma');

// A fresh, empty database of its own for a suite that migrates or breaks schemas, so it never
// disturbs the shared test database.
export async function scratchDatabase(name: string): Promise<{ url: string; client: pg.Client }> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${url.pathname.slice(1)}_${name}`;
  await recreateDatabase(url.toString());
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return { url: url.toString(), client };
}
