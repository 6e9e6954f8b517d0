import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface AuditFilter {
  workspaceId: string;
  actorId?: string;
  // An action, or an area prefix ending in '.'.
  action?: string;
  pageId?: string;
  from?: Date;
  // Exclusive upper bound.
  before?: Date;
}

export interface AuditPosition {
  at: Date;
  id: bigint;
}

export interface AuditRow {
  id: bigint;
  at: Date;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  metadata: Prisma.JsonValue;
  actor: { id: string; name: string; email: string } | null;
}

// Reads (for the viewer) and prunes (retention) the audit log. Written by AuditRepository.
@Injectable()
export class AuditLogRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Newest first (time, then id), keyset-paged: entries strictly after `after` in that order.
  async list(filter: AuditFilter, limit: number, after: AuditPosition | null): Promise<AuditRow[]> {
    const and: Prisma.AuditLogWhereInput[] = [{ workspaceId: filter.workspaceId }];
    if (filter.actorId) and.push({ actorId: filter.actorId });
    if (filter.action) and.push(filter.action.endsWith('.') ? { action: { startsWith: filter.action } } : { action: filter.action });
    // A page's own entries, and its share links' (which name the page in their metadata).
    if (filter.pageId) and.push({ OR: [{ targetType: 'page', targetId: filter.pageId }, { metadata: { path: ['pageId'], equals: filter.pageId } }] });
    if (filter.from) and.push({ at: { gte: filter.from } });
    if (filter.before) and.push({ at: { lt: filter.before } });
    if (after) and.push({ OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] });
    return this.prisma.auditLog.findMany({
      where: { AND: and },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: limit,
      select: { id: true, at: true, action: true, targetType: true, targetId: true, ip: true, metadata: true, actor: { select: { id: true, name: true, email: true } } },
    });
  }

  // Titles of the pages among the targets (deleted pages have none).
  async pageTitles(workspaceId: string, pageIds: string[]): Promise<Map<string, string>> {
    if (pageIds.length === 0) return new Map();
    const pages = await this.prisma.page.findMany({ where: { workspaceId, id: { in: pageIds } }, select: { id: true, title: true } });
    return new Map(pages.map((p) => [p.id, p.title]));
  }

  // Deletes entries older than `before`, at most `chunk` per statement (short locks), until none
  // is left; returns how many.
  async deleteOlderThan(before: Date, chunk = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.prisma.$executeRaw`DELETE FROM "AuditLog" WHERE id IN (SELECT id FROM "AuditLog" WHERE "at" < ${before} LIMIT ${chunk})`;
      total += n;
      if (n < chunk) return total;
    }
  }
}
