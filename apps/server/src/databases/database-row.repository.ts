import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
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

// Rows per INSERT statement (each carries its cells as JSON).
const CHUNK = 500;

// The DatabaseRow table: the worker's projection of database documents (issue 17).
@Injectable()
export class DatabaseRowRepository {
  constructor(private readonly prisma: PrismaService) {}

  async all(databaseId: string): Promise<ProjectedRow[]> {
    const rows = await this.prisma.databaseRow.findMany({ where: { databaseId } });
    return rows.map(({ databaseId: _db, values, computed, ...r }) => ({ ...r, values: values as Record<string, unknown>, computed: computed as Record<string, unknown> }));
  }

  // Writes the rows that changed and removes those gone, in one transaction. A row id that is
  // already a row of another database (a client copied it) is left to that database.
  async write(databaseId: string, changed: readonly ProjectedRow[], goneIds: readonly string[]): Promise<void> {
    if (!changed.length && !goneIds.length) return;
    await this.prisma.$transaction(async (tx) => {
      if (goneIds.length) await tx.databaseRow.deleteMany({ where: { databaseId, rowId: { in: [...goneIds] } } });
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
      // A first projection of a big import writes tens of thousands of rows.
    }, { timeout: 120_000, maxWait: 15_000 });
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
