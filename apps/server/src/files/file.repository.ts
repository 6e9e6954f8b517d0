import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';

export interface FileRow {
  id: string;
  pageId: string | null;
  workspaceId: string | null;
  key: string;
  name: string;
  size: number;
  mime: string;
  width: number | null;
  height: number | null;
  createdById: string | null;
  createdAt: Date;
}

export type NewFile = Omit<FileRow, 'createdAt'>;

// A file the orphan collector must look at, with what it needs to judge it.
export interface OrphanCandidate {
  id: string;
  pageId: string | null;
  key: string;
}

@Injectable()
export class FileRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Bytes of every file of the workspace (deleted pages' files count until they are collected).
  async workspaceBytes(workspaceId: string): Promise<number> {
    const sum = await this.prisma.file.aggregate({ where: { workspaceId }, _sum: { size: true } });
    return sum._sum.size ?? 0;
  }

  // Inserts the row unless it would take the workspace over `maxBytes`: the sum and the insert run
  // under a per-workspace transaction lock, so concurrent uploads can't each fit alone and overflow
  // together. False when over.
  async insertWithinQuota(file: NewFile, maxBytes: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`files:${file.workspaceId}`}, 0))`;
      const sum = await tx.file.aggregate({ where: { workspaceId: file.workspaceId }, _sum: { size: true } });
      if ((sum._sum.size ?? 0) + file.size > maxBytes) return false;
      await tx.file.create({ data: file });
      return true;
    });
  }

  find(id: string): Promise<FileRow | null> {
    return this.prisma.file.findUnique({ where: { id } });
  }

  listForPage(pageId: string): Promise<FileRow[]> {
    return this.prisma.file.findMany({ where: { pageId }, orderBy: { createdAt: 'asc' } });
  }

  // The orphan collector's candidates, a batch at a time in id order: files past their grace
  // period whose page is gone, or whose page's document or versions changed since the collector
  // last found them in use (a file in use stays in use until its page changes: its document, its
  // versions, or its row, which holds the cover).
  candidates(before: Date, afterId: string, limit: number): Promise<OrphanCandidate[]> {
    return this.prisma.$queryRaw<OrphanCandidate[]>`
      SELECT f.id::text AS id, f."pageId"::text AS "pageId", f.key
      FROM "File" f
      LEFT JOIN "Document" d ON d."pageId" = f."pageId"
      LEFT JOIN "Page" p ON p.id = f."pageId"
      WHERE f."createdAt" < ${before} AND f.id > ${afterId}::uuid
        AND (f."pageId" IS NULL OR f."checkedAt" IS NULL
             OR f."checkedAt" < d."updatedAt" OR f."checkedAt" < p."updatedAt"
             OR f."checkedAt" < (SELECT max(v."createdAt") FROM "DocumentVersion" v WHERE v."pageId" = f."pageId"))
      ORDER BY f.id
      LIMIT ${limit}`;
  }

  // The file id of the page's uploaded cover, if it has one (a cover is in use like an image block).
  async coverFileId(pageId: string): Promise<string | null> {
    const page = await this.prisma.page.findUnique({ where: { id: pageId }, select: { cover: true } });
    return page?.cover?.startsWith('file:') ? page.cover.slice(5).toLowerCase() : null;
  }

  // The stored states of a page's versions, a few at a time (each may be large).
  async *versionStates(pageId: string, batch = 10): AsyncGenerator<Uint8Array> {
    let afterId: string | undefined;
    for (;;) {
      const rows = await this.prisma.documentVersion.findMany({
        where: { pageId, ...(afterId ? { id: { gt: afterId } } : {}) },
        orderBy: { id: 'asc' },
        take: batch,
        select: { id: true, state: true },
      });
      for (const row of rows) yield row.state;
      if (rows.length < batch) return;
      afterId = rows[rows.length - 1]!.id;
    }
  }

  async markChecked(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length) await this.prisma.file.updateMany({ where: { id: { in: [...ids] } }, data: { checkedAt: at } });
  }

  async remove(id: string): Promise<void> {
    await this.prisma.file.deleteMany({ where: { id } });
  }
}
