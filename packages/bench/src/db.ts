// The bench's own database and Redis namespace, apart from development and test data.
import pg from 'pg';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tandem_bench';
// Redis database 2: `npm test` flushes database 1 and development uses 0.
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/2';
export const BENCH_REDIS_PREFIX = 'tandem-bench';

export const HOCUSPOCUS_TABLE = 'bench_hocuspocus_document';

export function databaseName(url = BENCH_DATABASE_URL): string {
  return new URL(url).pathname.slice(1);
}

export async function ensureBenchDatabase(): Promise<void> {
  const admin = new URL(BENCH_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const name = databaseName();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  const db = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  try {
    // Hocuspocus' documents: one row per document, the whole state, as its Database extension stores it.
    await db.query(`CREATE TABLE IF NOT EXISTS ${HOCUSPOCUS_TABLE} (
      name text PRIMARY KEY,
      state bytea NOT NULL,
      state_vector bytea NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  } finally {
    await db.end();
  }
}

// Rows inserted + updated in every table of the bench database so far, from Postgres' own
// statistics: the document row, versions, anything a save path writes. Targets run one at a time,
// so the difference over a window is that target's.
export async function databaseWrites(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string | null }>('SELECT sum(n_tup_ins + n_tup_upd)::text AS n FROM pg_stat_user_tables');
  return Number(rows[0]?.n ?? 0);
}
