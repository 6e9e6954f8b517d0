import { Injectable } from '@nestjs/common';
import type { DatabaseSchema, View } from '@tandem/database';
import { PrismaService } from '../infra/prisma.service.js';

export interface DatabaseMetaRow {
  schema: DatabaseSchema;
  views: View[];
  upTo: string;
  projectedAt: Date;
}

// The DatabaseMeta table: a database's schema and views as of its last projection (issue 17), the
// cheap read for REST and the web's first paint (the document itself costs a whole apply).
@Injectable()
export class DatabaseMetaRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(databaseId: string): Promise<DatabaseMetaRow | null> {
    const row = await this.prisma.databaseMeta.findUnique({ where: { databaseId } });
    return row && { schema: row.schema as unknown as DatabaseSchema, views: row.views as unknown as View[], upTo: row.upTo, projectedAt: row.projectedAt };
  }

  // Live databases whose projection is behind their persisted document (or never ran).
  async behind(): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT p.id::text AS id FROM "Page" p
      JOIN "Document" d ON d."pageId" = p.id
      LEFT JOIN "DatabaseMeta" m ON m."databaseId" = p.id
      WHERE p.kind = 'database' AND p."deletedAt" IS NULL AND (m."upTo" IS NULL OR m."upTo" <> d."persistedUpTo")`;
    return rows.map((r) => r.id);
  }

  // Written by the projection only, with its rows (DatabaseRowRepository.commit).
  // A persist that left the database part alone keeps the meta current: `upTo` moves along, but only
  // from the persist it was current at (otherwise a projection is still to come and will write it).
  async advance(databaseId: string, from: string, to: string): Promise<void> {
    await this.prisma.databaseMeta.updateMany({ where: { databaseId, upTo: from }, data: { upTo: to } });
  }
}
