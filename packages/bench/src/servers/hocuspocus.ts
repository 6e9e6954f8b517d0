// Hocuspocus as its docs deploy it for several instances: the Redis extension (pub/sub between
// instances, in the hot path) and the Database extension storing each document's state in
// Postgres with the default debounce (2 s, at most 10 s).
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import pg from 'pg';
import * as Y from 'yjs';

const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 4 });
const table = process.env.HOCUSPOCUS_TABLE!;
const redisUrl = new URL(process.env.BENCH_REDIS_URL!);

const server = new Server({
  port: Number(process.env.PORT),
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  extensions: [
    new Redis({
      host: redisUrl.hostname,
      port: Number(redisUrl.port || 6379),
      prefix: `${process.env.BENCH_REDIS_PREFIX}:hocuspocus`,
      options: { db: Number(redisUrl.pathname.slice(1) || 0) },
    }),
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await pool.query<{ state: Buffer }>(`SELECT state FROM ${table} WHERE name = $1`, [documentName]);
        return rows[0] ? new Uint8Array(rows[0].state) : null;
      },
      store: async ({ documentName, state, document }) => {
        await pool.query(
          `INSERT INTO ${table} (name, state, state_vector, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, state_vector = EXCLUDED.state_vector, updated_at = now()`,
          [documentName, state, Buffer.from(Y.encodeStateVector(document))],
        );
      },
    }),
  ],
});

await server.listen();
