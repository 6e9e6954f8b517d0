import { CollabConnection, CollabProvider } from '@tandem/collab-client';
import type pg from 'pg';
import * as Y from 'yjs';
import { applyMigrations } from '../../../../../scripts/lib/migrate-fallback.mjs';
import { migrationsDir, scratchDatabase } from '../databases.js';
import { socketToken, TEXT, type TestUser } from './fixtures.js';

// Tools of the chaos suite: a scratch database that logs every Document write, clients that
// record each moment they showed "saved", and the check that ties the two together.

export interface DocumentWrite {
  pageId: string;
  at: number;
  stateVector: Map<number, number>;
}

// A migrated database of the suite's own whose Document writes are all logged by a trigger, with
// the clock at which they were made: "was this client's edit in Postgres when it showed saved?"
// can then be answered exactly, after the run, instead of by racing a query against the worker.
export class WriteLog {
  private constructor(
    readonly url: string,
    private readonly client: pg.Client,
  ) {}

  static async create(name: string): Promise<WriteLog> {
    const { url, client } = await scratchDatabase(name);
    await applyMigrations(url, migrationsDir, () => undefined);
    await client.query(`
      CREATE TABLE chaos_document_writes ("pageId" uuid NOT NULL, "stateVector" bytea NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());
      CREATE FUNCTION chaos_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO chaos_document_writes ("pageId", "stateVector") VALUES (NEW."pageId", NEW."stateVector"); RETURN NEW; END $$;
      CREATE TRIGGER chaos_log AFTER INSERT OR UPDATE ON "Document" FOR EACH ROW EXECUTE FUNCTION chaos_log_write();`);
    return new WriteLog(url, client);
  }

  async writes(): Promise<DocumentWrite[]> {
    const { rows } = await this.client.query<{ pageId: string; ms: string; stateVector: Buffer }>(
      `SELECT "pageId", (extract(epoch FROM at) * 1000)::bigint AS ms, "stateVector" FROM chaos_document_writes ORDER BY at`,
    );
    return rows.map((r) => ({ pageId: r.pageId, at: Number(r.ms), stateVector: Y.decodeStateVector(r.stateVector) }));
  }

  // Milliseconds until every page has a write made after `since`, or null on timeout.
  async firstWritesAfter(pageIds: string[], since: number, timeoutMs: number): Promise<number | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await this.client.query<{ n: string; ms: string }>(
        `SELECT count(DISTINCT "pageId") AS n, (extract(epoch FROM max(first)) * 1000)::bigint AS ms FROM
           (SELECT "pageId", min(at) AS first FROM chaos_document_writes WHERE at > to_timestamp($1 / 1000.0) AND "pageId" = ANY($2::uuid[]) GROUP BY "pageId") f`,
        [since, pageIds],
      );
      if (Number(rows[0]!.n) === pageIds.length) return Number(rows[0]!.ms) - since;
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

export interface SavedMoment {
  at: number;
  clientId: number;
  // The client's own clock then: every edit it had made, all acknowledged (pending was 0).
  clock: number;
}

// A real provider over its own connection, asking for a fresh socket token on every (re)connect
// (tokens live in Redis, which the suite wipes) and recording every moment it showed "saved".
export class ChaosClient {
  readonly doc = new Y.Doc();
  readonly connection: CollabConnection;
  readonly provider: CollabProvider;
  readonly saves: SavedMoment[] = [];
  edits = 0;

  constructor(
    url: string,
    user: TestUser,
    readonly pageId: string,
  ) {
    this.connection = new CollabConnection({ url, token: () => freshToken(url, user) });
    this.provider = new CollabProvider({ connection: this.connection, pageId, doc: this.doc, awareness: null, retryDelayMs: 200 });
    this.provider.on('saved', (saved) => {
      if (saved) this.saves.push({ at: Date.now(), clientId: this.doc.clientID, clock: Y.getState(this.doc.store, this.doc.clientID) });
    });
  }

  text(): string {
    return this.doc.getText(TEXT).toString();
  }

  type(rng: () => number, word: string): void {
    const text = this.doc.getText(TEXT);
    text.insert(Math.floor(rng() * (text.length + 1)), word);
    this.edits += 1;
  }

  get settled(): boolean {
    return this.provider.synced && this.provider.saved && this.provider.pending === 0;
  }

  close(): void {
    this.provider.destroy();
    this.connection.destroy();
    this.doc.destroy();
  }
}

// Keeps asking while the server or its Redis is away, as a browser tab's token source would.
async function freshToken(url: string, user: TestUser): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await socketToken(url, user.session);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

// Every "saved" a client showed must be backed by a Document write made before it that holds all
// of the client's edits up to then. Returns the moments that were not.
export function unbackedSaves(clients: ChaosClient[], writes: DocumentWrite[]): (SavedMoment & { pageId: string })[] {
  const bad: (SavedMoment & { pageId: string })[] = [];
  for (const c of clients) {
    const pageWrites = writes.filter((w) => w.pageId === c.pageId);
    for (const s of c.saves) {
      if (s.clock === 0) continue;
      const backed = pageWrites.some((w) => w.at <= s.at && (w.stateVector.get(s.clientId) ?? 0) >= s.clock);
      if (!backed) bad.push({ ...s, pageId: c.pageId });
    }
  }
  return bad;
}

// Whether `stored` holds everything `client` has: its state vector is covered clock by clock.
export function covers(stored: Map<number, number>, client: Map<number, number>): boolean {
  return [...client].every(([id, clock]) => (stored.get(id) ?? 0) >= clock);
}
