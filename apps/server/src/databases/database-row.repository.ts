import { Injectable } from '@nestjs/common';
import type { DatabaseSchema, View } from '@tandem/database';
import { type DatabaseRow, Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';

// One projected row, as the worker writes it and the REST query reads it.
export interface ProjectedRow {
  rowId: string;
  position: string;
  title: string;
  values: Record<string, unknown>;
  computed: Record<string, unknown>;
  createdAt: Date;
  createdById: string | null;
  lastEditedAt: Date;
  lastEditedById: string | null;
}

// What a projection writes beside its rows (DatabaseMeta).
export interface ProjectedMeta {
  schema: DatabaseSchema;
  views: View[];
  // The document's persistedUpTo the projection read.
  upTo: string;
  at: Date;
}

const projected = ({ databaseId: _db, values, computed, ...r }: DatabaseRow): ProjectedRow => ({ ...r, values: values as Record<string, unknown>, computed: computed as Record<string, unknown> });

// Rows per INSERT statement (each carries its cells as JSON).
const CHUNK = 500;

// Rows per statement when all of a database's rows are read: a result is turned into objects on the
// event loop in one go, so a whole 50,000-row database read at once held the worker's loop.
export const READ_PAGE_ROWS = 1000;

type Reader = Pick<Prisma.TransactionClient, '$queryRaw'>;

const ROW_COLUMNS = Prisma.sql`"rowId"::text AS "rowId", "position", "title", "values", "computed", "createdAt", "createdById"::text AS "createdById", "lastEditedAt", "lastEditedById"::text AS "lastEditedById"`;

// All of a database's rows (these columns), in keyset pages of the (databaseId, position, rowId)
// index, the loop free between them.
async function inKeysetPages<T extends { position: string; rowId: string }>(db: Reader, databaseId: string, columns: Prisma.Sql, pageRows: number): Promise<T[]> {
  const out: T[] = [];
  for (let after: T | undefined; ; ) {
    const from = after ? Prisma.sql`AND (r."position", r."rowId") > (${after.position}::text COLLATE "C", ${after.rowId}::uuid)` : Prisma.empty;
    const page = await db.$queryRaw<T[]>`
      SELECT ${columns} FROM "DatabaseRow" r
      WHERE r."databaseId" = ${databaseId}::uuid ${from}
      ORDER BY r."position", r."rowId"
      LIMIT ${pageRows}`;
    for (const row of page) out.push(row);
    if (page.length < pageRows) return out;
    after = page[page.length - 1];
  }
}

const allRows = (db: Reader, databaseId: string) => inKeysetPages<ProjectedRow>(db, databaseId, ROW_COLUMNS, READ_PAGE_ROWS);

// The DatabaseRow table: the worker's projection of database documents (issue 17).
@Injectable()
export class DatabaseRowRepository {
  constructor(private readonly prisma: PrismaService) {}

  all(databaseId: string): Promise<ProjectedRow[]> {
    return allRows(this.prisma, databaseId);
  }

  // The title each projected row has (what decides which row pages need a look).
  async titles(databaseId: string): Promise<Map<string, string>> {
    const rows = await inKeysetPages<{ rowId: string; position: string; title: string }>(this.prisma, databaseId, Prisma.sql`"rowId"::text AS "rowId", "position", "title"`, READ_PAGE_ROWS * 5);
    return new Map(rows.map((r) => [r.rowId, r.title]));
  }


  // These rows as projected (those that are).
  async some(databaseId: string, rowIds: readonly string[]): Promise<Map<string, ProjectedRow>> {
    if (!rowIds.length) return new Map();
    const rows = await this.prisma.databaseRow.findMany({ where: { databaseId, rowId: { in: [...rowIds] } } });
    return new Map(rows.map((r) => [r.rowId, projected(r)]));
  }

  // Writes a projection: its rows, then the schema and views it read with the position it read
  // them at, in one transaction under the database's projection lock. So the table always holds
  // the rows of the position its meta names, which an incremental projection builds on:
  // - `basedOn` (incremental): only if the meta is still at that position; false when it moved
  //   (another run wrote since), and nothing is written;
  // - `diff` (full): the rows to write and remove, worked out against the table as it is under
  //   the lock (a run that wrote between a read outside and this write cannot be overwritten
  //   with a diff against rows it changed).
  async commit(databaseId: string, meta: ProjectedMeta, plan: { basedOn: string; changed: readonly ProjectedRow[]; gone: readonly string[] } | { diff: (before: ProjectedRow[]) => Promise<{ changed: readonly ProjectedRow[]; gone: readonly string[] }> }): Promise<boolean> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'projection:' + databaseId}, 0))`;
        const [current] = await tx.$queryRaw<{ upTo: string }[]>`SELECT "upTo" FROM "DatabaseMeta" WHERE "databaseId" = ${databaseId}::uuid FOR UPDATE`;
        let changed: readonly ProjectedRow[];
        let gone: readonly string[];
        if ('basedOn' in plan) {
          if (current?.upTo !== plan.basedOn) return false;
          ({ changed, gone } = plan);
        } else {
          ({ changed, gone } = await plan.diff(await allRows(tx, databaseId)));
        }
        if (gone.length) await tx.databaseRow.deleteMany({ where: { databaseId, rowId: { in: [...gone] } } });
        for (let i = 0; i < changed.length; i += CHUNK) {
          const json = JSON.stringify(changed.slice(i, i + CHUNK));
          await tx.$executeRaw`
            INSERT INTO "DatabaseRow" ("rowId", "databaseId", "position", "title", "values", "computed", "createdAt", "createdById", "lastEditedAt", "lastEditedById")
            SELECT x."rowId", ${databaseId}::uuid, x."position", x."title", x."values", x."computed", x."createdAt", x."createdById", x."lastEditedAt", x."lastEditedById"
            FROM jsonb_to_recordset(${json}::jsonb) AS x("rowId" uuid, "position" text, "title" text, "values" jsonb, "computed" jsonb, "createdAt" timestamp(3), "createdById" uuid, "lastEditedAt" timestamp(3), "lastEditedById" uuid)
            ON CONFLICT ("rowId") DO UPDATE SET
              "position" = EXCLUDED."position", "title" = EXCLUDED."title", "values" = EXCLUDED."values", "computed" = EXCLUDED."computed",
              "createdAt" = EXCLUDED."createdAt", "createdById" = EXCLUDED."createdById", "lastEditedAt" = EXCLUDED."lastEditedAt", "lastEditedById" = EXCLUDED."lastEditedById"
            WHERE "DatabaseRow"."databaseId" = EXCLUDED."databaseId"`;
        }
        const data = { schema: meta.schema as object, views: meta.views as object[], upTo: meta.upTo, projectedAt: meta.at };
        await tx.databaseMeta.upsert({ where: { databaseId }, create: { databaseId, ...data }, update: data });
        return true;
      },
      // A first projection of a big import writes tens of thousands of rows.
      { timeout: 120_000, maxWait: 15_000 },
    );
  }

  // Rows of one database matching a SQL condition over the projection, in manual order; with
  // `page`, only the next `limit` after the row at (position, rowId) (the index keeps this cheap).
  async select(databaseId: string, where: Prisma.Sql, page?: { after: { position: string; rowId: string } | null; limit: number }): Promise<ProjectedRow[]> {
    const after = page?.after ? Prisma.sql`AND (r."position", r."rowId") > (${page.after.position}::text COLLATE "C", ${page.after.rowId}::uuid)` : Prisma.empty;
    const limit = page ? Prisma.sql`LIMIT ${page.limit}` : Prisma.empty;
    return this.prisma.$queryRaw<ProjectedRow[]>`
      SELECT "rowId"::text AS "rowId", "position", "title", "values", "computed", "createdAt", "createdById"::text AS "createdById", "lastEditedAt", "lastEditedById"::text AS "lastEditedById"
      FROM "DatabaseRow" r
      WHERE r."databaseId" = ${databaseId}::uuid AND (${where}) ${after}
      ORDER BY r."position", r."rowId"
      ${limit}`;
  }

  // Server-side edits of one database's document, one at a time across instances. The key is the
  // one version restores take, so a restore and a row write of the same page never interleave.
  withEditLock<T>(databaseId: string, work: () => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'restore:' + databaseId}, 0))`;
        return work();
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
}
