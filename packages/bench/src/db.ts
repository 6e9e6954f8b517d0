// The bench's own database and Redis namespace, apart from development and test data.
import pg from 'pg';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tandem_bench';
// Redis database 2: `npm test` flushes database 1 and development uses 0.
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/2';
// Overridable so engineers sharing a Redis keep apart (each on their own database and prefix).
export const BENCH_REDIS_PREFIX = process.env.BENCH_REDIS_PREFIX ?? 'tandem-bench';

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

export interface DatabaseCounters {
  // Rows inserted + updated in every table of the bench database: documents, versions, anything a
  // save path writes.
  rows: number;
  // Transactions committed in the bench database by anyone but the bench itself. Reads commit too,
  // so this bounds a target's write statements from above.
  transactions: number;
}

// Postgres wait this long before publishing a busy backend's statistics (PGSTAT_IDLE_INTERVAL).
export const STATS_FLUSH_MS = 11_000;

// The bench's own connection to its database. It counts its own queries (each one commits), so
// Postgres' per-database transaction counter can be read as the target's alone. Targets run one
// at a time, so the difference of two readings over a window is that target's.
export class BenchDatabase {
  private own = 0;

  constructor(readonly pool: pg.Pool) {}

  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    this.own += 1;
    return this.pool.query<R>(text, values);
  }

  // From Postgres' own statistics, which lag a backend's work by up to STATS_FLUSH_MS.
  async counters(): Promise<DatabaseCounters> {
    const { rows } = await this.query<{ rows: string | null; transactions: string }>(
      `SELECT (SELECT sum(n_tup_ins + n_tup_upd) FROM pg_stat_user_tables)::text AS rows, xact_commit::text AS transactions
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { rows: Number(rows[0]?.rows ?? 0), transactions: Number(rows[0]?.transactions ?? 0) - this.own };
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
