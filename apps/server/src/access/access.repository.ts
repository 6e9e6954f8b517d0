import { Injectable } from '@nestjs/common';
import type { PageKind, PageShareRole, WorkspaceRole } from '@tandem/protocol';
import { PrismaService } from '../infra/prisma.service.js';

export interface ChainPage {
  id: string;
  parentId: string | null;
  workspaceId: string;
  kind: PageKind;
  deletedAt: Date | null;
}

@Injectable()
export class AccessRepository {
  constructor(private readonly prisma: PrismaService) {}

  // The page and its ancestors, page first, in one recursive query.
  async chain(pageId: string): Promise<ChainPage[]> {
    return this.prisma.$queryRaw<ChainPage[]>`
      WITH RECURSIVE up AS (
        SELECT id, "parentId", "workspaceId", kind, "deletedAt", 0 AS depth FROM "Page" WHERE id = ${pageId}::uuid
        UNION ALL
        SELECT p.id, p."parentId", p."workspaceId", p.kind, p."deletedAt", up.depth + 1
        FROM "Page" p JOIN up ON p.id = up."parentId"
        WHERE up.depth < 1000
      )
      SELECT id::text AS id, "parentId"::text AS "parentId", "workspaceId"::text AS "workspaceId", kind::text AS kind, "deletedAt" FROM up ORDER BY depth`;
  }

  // The chains of many pages in one recursive query: for each start page, its chain (page first).
  async chains(pageIds: readonly string[]): Promise<Map<string, ChainPage[]>> {
    const chains = new Map<string, ChainPage[]>();
    if (!pageIds.length) return chains;
    const rows = await this.prisma.$queryRaw<Array<ChainPage & { start: string }>>`
      WITH RECURSIVE up AS (
        SELECT id AS start, id, "parentId", "workspaceId", kind, "deletedAt", 0 AS depth FROM "Page" WHERE id = ANY(${[...pageIds]}::uuid[])
        UNION ALL
        SELECT up.start, p.id, p."parentId", p."workspaceId", p.kind, p."deletedAt", up.depth + 1
        FROM "Page" p JOIN up ON p.id = up."parentId"
        WHERE up.depth < 1000
      )
      SELECT start::text AS start, id::text AS id, "parentId"::text AS "parentId", "workspaceId"::text AS "workspaceId", kind::text AS kind, "deletedAt" FROM up ORDER BY start, depth`;
    for (const { start, ...page } of rows) {
      const chain = chains.get(start) ?? [];
      chain.push(page);
      chains.set(start, chain);
    }
    return chains;
  }

  async workspaceRoles(userId: string, workspaceIds: readonly string[]): Promise<Map<string, WorkspaceRole>> {
    const rows = await this.prisma.workspaceMember.findMany({ where: { userId, workspaceId: { in: [...workspaceIds] } }, select: { workspaceId: true, role: true } });
    return new Map(rows.map((r) => [r.workspaceId, r.role]));
  }

  async workspaceRole(userId: string, workspaceId: string): Promise<WorkspaceRole | null> {
    const member = await this.prisma.workspaceMember.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      select: { role: true },
    });
    return member?.role ?? null;
  }

  async sharesOn(userId: string, pageIds: string[]): Promise<Map<string, PageShareRole>> {
    const rows = await this.prisma.pageShare.findMany({ where: { userId, pageId: { in: pageIds } }, select: { pageId: true, role: true } });
    return new Map(rows.map((r) => [r.pageId, r.role]));
  }

  async sharesInWorkspace(userId: string, workspaceId: string): Promise<Map<string, PageShareRole>> {
    const rows = await this.prisma.pageShare.findMany({ where: { userId, page: { workspaceId } }, select: { pageId: true, role: true } });
    return new Map(rows.map((r) => [r.pageId, r.role]));
  }

  async sessionActive(sessionId: string, now: Date): Promise<boolean> {
    const n = await this.prisma.session.count({ where: { id: sessionId, revokedAt: null, expiresAt: { gt: now } } });
    return n > 0;
  }

  findActiveLink(id: string): Promise<{ id: string; pageId: string; role: PageShareRole } | null> {
    return this.prisma.shareLink.findFirst({ where: { id, revokedAt: null }, select: { id: true, pageId: true, role: true } });
  }

  findActiveLinkByTokenHash(tokenHash: string): Promise<{ id: string; pageId: string; role: PageShareRole } | null> {
    return this.prisma.shareLink.findFirst({ where: { tokenHash, revokedAt: null }, select: { id: true, pageId: true, role: true } });
  }
}
