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
    });
  }

  // Rows of one database matching a SQL condition over the projection, in manual order.
  async select(databaseId: string, where: Prisma.Sql): Promise<ProjectedRow[]> {
    return this.prisma.$queryRaw<ProjectedRow[]>`
      SELECT "rowId"::text AS "rowId", "position", "title", "values", "computed", "createdAt", "createdById"::text AS "createdById", "lastEditedAt", "lastEditedById"::text AS "lastEditedById"
      FROM "DatabaseRow" r
      WHERE r."databaseId" = ${databaseId}::uuid AND (${where})
      ORDER BY r."position", r."rowId"`;
  }
}
