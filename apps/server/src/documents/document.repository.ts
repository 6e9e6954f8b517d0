import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';
import { uuid7 } from '../common/uuid7.js';

export interface PersistedDocument {
  state: Uint8Array;
  // Written with `state` in every write: a join of an unchanged page answers it without decoding
  // the whole state (about 1 s on the event loop for a 30 MB database).
  stateVector: Uint8Array;
  persistedUpTo: string;
  updatesSinceSnapshot: number;
  lastSnapshotAt: Date | null;
}

export interface PersistWrite {
  state: Uint8Array;
  stateVector: Uint8Array;
  persistedUpTo: string;
  text: string;
  // The body's first image (a gallery card's cover); null when it has none.
  firstImage: string | null;
  updates: number;
  // Users whose updates are in this write: added to the page's authors since the last version.
  authorIds: readonly string[];
  // An automatic version is due: reset the counters in this same write (the snapshot job then only
  // inserts the version), so a snapshot costs no extra Document write.
  snapshotDue: boolean;
}

// A row as the persist reads it: `state` is null when the persist holds the document at the row's
// persistedUpTo and size (DatabaseDocCache); the state vector is then the last thing to compare.
export interface PersistRow extends Omit<PersistedDocument, 'state'> {
  state: Uint8Array | null;
  size: number;
}

export type GuardedWriteResult = 'written' | 'stale' | 'page_gone';

export interface GuardedWrite {
  pageId: string;
  expectedUpTo: string;
  write: PersistWrite;
}

// One multi-row statement carries at most this many state bytes; a bigger batch takes several.
const MAX_STATEMENT_BYTES = 8 * 1024 * 1024;

// The Document and DocumentVersion rows: the persisted half of a page's truth.
@Injectable()
export class DocumentRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(pageId: string): Promise<PersistedDocument | null> {
    const row = await this.prisma.document.findUnique({
      where: { pageId },
      select: { state: true, stateVector: true, persistedUpTo: true, updatesSinceSnapshot: true, lastSnapshotAt: true },
    });
    return row;
  }

  async findMany(pageIds: readonly string[]): Promise<Map<string, PersistedDocument>> {
    const rows = await this.prisma.document.findMany({
      where: { pageId: { in: [...pageIds] } },
      select: { pageId: true, state: true, stateVector: true, persistedUpTo: true, updatesSinceSnapshot: true, lastSnapshotAt: true },
    });
    return new Map(rows.map(({ pageId, ...row }) => [pageId, row]));
  }

  // The rows of these pages for a persist, in one statement; a page in `held` gets its state only
  // if the row is not at that persistedUpTo and size (reading a 6 MB state the persist already
  // holds in memory cost a transfer and a copy on every edit).
  async findForPersist(pageIds: readonly string[], held: ReadonlyMap<string, { upTo: string; size: number }>): Promise<Map<string, PersistRow>> {
    const heldIds = [...held.keys()];
    const rows = await this.prisma.$queryRaw<{ pageId: string; state: Uint8Array | null; stateVector: Uint8Array; persistedUpTo: string; size: number; updatesSinceSnapshot: number; lastSnapshotMs: number | null }[]>`
      SELECT d."pageId", CASE WHEN d."persistedUpTo" = k.up_to AND d."size" = k.size THEN NULL ELSE d."state" END AS state,
        d."stateVector", d."persistedUpTo", d."size", d."updatesSinceSnapshot",
        -- Epoch milliseconds of the UTC timestamp (the column has no zone; Prisma writes UTC).
        (extract(epoch FROM d."lastSnapshotAt") * 1000)::float8 AS "lastSnapshotMs"
      FROM "Document" AS d
      LEFT JOIN unnest(${heldIds}::uuid[], ${heldIds.map((id) => held.get(id)!.upTo)}::text[], ${heldIds.map((id) => held.get(id)!.size)}::int[]) AS k(page_id, up_to, size) ON k.page_id = d."pageId"
      WHERE d."pageId" = ANY(${[...pageIds]}::uuid[])`;
    return new Map(
      rows.map(({ pageId, lastSnapshotMs, ...row }) => [
        pageId,
        { ...row, lastSnapshotAt: lastSnapshotMs === null ? null : new Date(Math.round(lastSnapshotMs)) },
      ]),
    );
  }

  // Which persisted state the page's row holds, without the state itself.
  async position(pageId: string): Promise<{ upTo: string; size: number; stateVector: Uint8Array } | null> {
    const row = await this.prisma.document.findUnique({ where: { pageId }, select: { persistedUpTo: true, size: true, stateVector: true } });
    return row && { upTo: row.persistedUpTo, size: row.size, stateVector: row.stateVector };
  }

  // For each of these pages that still exists: its persistedUpTo (null without a Document row).
  async persistedPositions(pageIds: readonly string[]): Promise<Map<string, string | null>> {
    const pages = await this.prisma.page.findMany({ where: { id: { in: [...pageIds] } }, select: { id: true, document: { select: { persistedUpTo: true } } } });
    return new Map(pages.map((p) => [p.id, p.document?.persistedUpTo ?? null]));
  }

  // The page's workspace if the page exists and is not in the trash.
  async livePageWorkspace(pageId: string): Promise<string | null> {
    const page = await this.prisma.page.findFirst({ where: { id: pageId, deletedAt: null }, select: { workspaceId: true } });
    return page?.workspaceId ?? null;
  }

  // Compare-and-set on persistedUpTo: only the merge that started from the row's current position
  // may write, so an older merge can never overwrite a newer one.
  async guardedWrite(pageId: string, expectedUpTo: string | null, write: PersistWrite): Promise<GuardedWriteResult> {
    if (expectedUpTo !== null) return (await this.guardedWriteMany([{ pageId, expectedUpTo, write }])).has(pageId) ? 'written' : 'stale';
    const authors = [...new Set(write.authorIds)];
    try {
      await this.prisma.document.create({
        data: {
          pageId,
          state: Buffer.from(write.state),
          stateVector: Buffer.from(write.stateVector),
          persistedUpTo: write.persistedUpTo,
          size: write.state.byteLength,
          text: write.text,
          firstImage: write.firstImage,
          ...(write.snapshotDue
            ? { updatesSinceSnapshot: 0, lastSnapshotAt: new Date(), versionAuthorIds: authors }
            : { updatesSinceSnapshot: write.updates, authorIds: authors }),
        },
      });
      return 'written';
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return 'stale';
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2003') return 'page_gone';
      throw err;
    }
  }

  // guardedWrite for many existing rows in one UPDATE per MAX_STATEMENT_BYTES: each row is written
  // only if its persistedUpTo is still the expected one. Returns the pages written; the others are
  // stale (or their page was deleted meanwhile, which took the row with it).
  async guardedWriteMany(writes: readonly GuardedWrite[]): Promise<Set<string>> {
    const written = new Set<string>();
    for (const chunk of chunkByBytes(writes, MAX_STATEMENT_BYTES)) {
      const params: unknown[] = [];
      const values = chunk.map(({ pageId, expectedUpTo, write }) => {
        const at = params.length;
        // Author ids as one comma-separated text (uuids never hold a comma), split in SQL.
        params.push(pageId, expectedUpTo, Buffer.from(write.state), Buffer.from(write.stateVector), write.persistedUpTo, write.state.byteLength, write.text, write.updates, write.snapshotDue, write.authorIds.join(','), write.firstImage);
        const p = (i: number) => `$${at + i}`;
        return `(${p(1)}::uuid, ${p(2)}::text, ${p(3)}::bytea, ${p(4)}::bytea, ${p(5)}::text, ${p(6)}::int, ${p(7)}::text, ${p(8)}::int, ${p(9)}::boolean, ${p(10)}::text, ${p(11)}::text)`;
      });
      // Timestamps in UTC, as Prisma writes them into these timestamp-without-zone columns.
      const rows = await this.prisma.$queryRawUnsafe<{ pageId: string }[]>(
        `UPDATE "Document" AS d SET
           "state" = v.state, "stateVector" = v.state_vector, "persistedUpTo" = v.up_to, "size" = v.size, "text" = v.text, "firstImage" = v.first_image,
           "updatesSinceSnapshot" = CASE WHEN v.snapshot_due THEN 0 ELSE d."updatesSinceSnapshot" + v.updates END,
           "authorIds" = CASE WHEN v.snapshot_due THEN ARRAY[]::uuid[] ELSE ARRAY(SELECT DISTINCT x FROM unnest(d."authorIds" || string_to_array(v.authors, ',')::uuid[]) AS x) END,
           "versionAuthorIds" = CASE WHEN v.snapshot_due THEN ARRAY(SELECT DISTINCT x FROM unnest(d."authorIds" || string_to_array(v.authors, ',')::uuid[]) AS x) ELSE d."versionAuthorIds" END,
           "lastSnapshotAt" = CASE WHEN v.snapshot_due THEN now() AT TIME ZONE 'UTC' ELSE d."lastSnapshotAt" END,
           "updatedAt" = now() AT TIME ZONE 'UTC'
         FROM (VALUES ${values.join(', ')}) AS v(page_id, expected, state, state_vector, up_to, size, text, updates, snapshot_due, authors, first_image)
         WHERE d."pageId" = v.page_id AND d."persistedUpTo" = v.expected
         RETURNING d."pageId"`,
        ...params,
      );
      for (const row of rows) written.add(row.pageId);
    }
    return written;
  }

  // An automatic version of the current state, its authors the ones the persist that found it due
  // handed over (edits persisted between that write and this job count towards the next version),
  // then drop automatic versions beyond `keep`. Named and before-restore versions are never pruned.
  // No Document write: the persist write already reset the counters.
  async snapshot(pageId: string, keep: number): Promise<{ id: string } | null> {
    return this.prisma.$transaction(async (tx) => {
      // The state is copied inside Postgres: read into the worker and written back through Prisma,
      // a 32 MB state (a 50,000-row database) held the worker's loop 10-15 s at load 15 and passed
      // this transaction's 5 s limit, so the job failed and retried the same work (session 16).
      const now = new Date();
      const [version] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "DocumentVersion" ("id", "pageId", "state", "kind", "authorIds", "size", "createdAt")
        SELECT ${uuid7(now.getTime())}::uuid, d."pageId", d."state", 'auto'::"VersionKind", d."versionAuthorIds", octet_length(d."state"), ${now}
        FROM "Document" AS d WHERE d."pageId" = ${pageId}::uuid
        RETURNING "id"`;
      if (!version) return null;
      const stale = await tx.documentVersion.findMany({
        where: { pageId, kind: 'auto' },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: keep,
        select: { id: true },
      });
      if (stale.length) await tx.documentVersion.deleteMany({ where: { id: { in: stale.map((v) => v.id) } } });
      return version;
    });
  }
}

function* chunkByBytes(writes: readonly GuardedWrite[], maxBytes: number): Generator<GuardedWrite[]> {
  let chunk: GuardedWrite[] = [];
  let bytes = 0;
  for (const w of writes) {
    const size = w.write.state.byteLength + w.write.stateVector.byteLength + w.write.text.length;
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(w);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
