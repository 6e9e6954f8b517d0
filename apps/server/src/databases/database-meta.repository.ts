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

  // A persist that left the database part alone keeps the meta current: `upTo` moves along, but only
  // from the persist it was current at (otherwise a projection is still to come and will write it).
  async advance(databaseId: string, from: string, to: string): Promise<void> {
    await this.prisma.databaseMeta.updateMany({ where: { databaseId, upTo: from }, data: { upTo: to } });
  }

  async write(databaseId: string, meta: { schema: DatabaseSchema; views: View[]; upTo: string }, at: Date): Promise<void> {
    const data = { schema: meta.schema as object, views: meta.views as object[], upTo: meta.upTo, projectedAt: at };
    await this.prisma.databaseMeta.upsert({ where: { databaseId }, create: { databaseId, ...data }, update: data });
  }
}
