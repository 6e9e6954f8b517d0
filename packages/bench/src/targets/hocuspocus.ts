import pg from 'pg';
import * as Y from 'yjs';
import { BENCH_DATABASE_URL, BENCH_REDIS_PREFIX, BENCH_REDIS_URL, HOCUSPOCUS_TABLE, BenchDatabase, type DatabaseCounters } from '../db.js';
import { ChildServerTarget } from './child.js';
import { connectHocuspocus, type ClientSpec } from './clients.js';
import type { BenchClient, Persistence, Target } from './target.js';

class HocuspocusPersistence implements Persistence {
  constructor(private readonly db: BenchDatabase) {}

  async seed(page: string, state: Uint8Array): Promise<void> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    await this.db.query(`INSERT INTO ${HOCUSPOCUS_TABLE} (name, state, state_vector) VALUES ($1, $2, $3)`, [
      page,
      Buffer.from(state),
      Buffer.from(Y.encodeStateVector(doc)),
    ]);
    doc.destroy();
  }

  async stateVectors(pages: readonly string[]): Promise<Map<string, Uint8Array>> {
    const { rows } = await this.db.query<{ name: string; state_vector: Buffer }>(
      `SELECT name, state_vector FROM ${HOCUSPOCUS_TABLE} WHERE name = ANY($1)`,
      [pages],
    );
    return new Map(rows.map((r) => [r.name, new Uint8Array(r.state_vector)]));
  }

  async state(page: string): Promise<Uint8Array | null> {
    const { rows } = await this.db.query<{ state: Buffer }>(`SELECT state FROM ${HOCUSPOCUS_TABLE} WHERE name = $1`, [page]);
    return rows[0] ? new Uint8Array(rows[0].state) : null;
  }

  counters(): Promise<DatabaseCounters> {
    return this.db.counters();
  }
}

export class HocuspocusTarget extends ChildServerTarget implements Target {
  readonly name = 'hocuspocus';
  readonly servesState = true;
  private db?: BenchDatabase;
  persistence?: Persistence;

  constructor() {
    super('hocuspocus', { BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_REDIS_PREFIX, HOCUSPOCUS_TABLE });
  }

  override async start(): Promise<void> {
    this.db = new BenchDatabase(new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: 2 }));
    this.persistence = new HocuspocusPersistence(this.db);
    await super.start();
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.db?.end();
  }

  connect(page: string, doc: Y.Doc): Promise<BenchClient> {
    return connectHocuspocus(this.wsUrl, page, doc);
  }

  clientSpec(): ClientSpec {
    return { kind: 'hocuspocus', url: this.wsUrl };
  }
}
