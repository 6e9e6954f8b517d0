import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';

// The links of pages created in one transaction (imported or duplicated pages, whose content is
// built before they exist), inside that transaction; targets outside `workspaceId` are dropped.
export async function insertNewPageLinks(tx: Prisma.TransactionClient, workspaceId: string, pages: ReadonlyArray<{ id: string; linkedPageIds: readonly string[] }>): Promise<void> {
  const links = pages.flatMap((p) => p.linkedPageIds.filter((t) => t !== p.id).map((t) => ({ sourceId: p.id, targetId: t })));
  if (!links.length) return;
  await tx.$executeRaw`
    INSERT INTO "PageLink" ("sourceId", "targetId")
    SELECT l."sourceId", l."targetId" FROM json_to_recordset(${JSON.stringify(links)}::json) AS l("sourceId" uuid, "targetId" uuid)
    JOIN "Page" tp ON tp.id = l."targetId" AND tp."workspaceId" = ${workspaceId}::uuid
    ON CONFLICT DO NOTHING`;
}

export interface OutgoingLinks {
  sourceId: string;
  // Page ids found in the source's links; ids of no page of the source's workspace are dropped.
  targetIds: readonly string[];
}

// Links between pages (PageLink), derived from documents' content: replaced wholesale for each
// page the worker persists, read for a page's "Linked from".
@Injectable()
export class PageLinkRepository {
  constructor(private readonly prisma: PrismaService) {}

  // One delete and one insert for the whole batch, in one transaction. Only targets that are pages
  // of the source's own workspace are kept (a pasted link to another workspace links nothing).
  async replaceOutgoing(links: readonly OutgoingLinks[]): Promise<void> {
    if (!links.length) return;
    const sources = links.map((l) => l.sourceId);
    const pairs = links.flatMap((l) => l.targetIds.filter((t) => t !== l.sourceId).map((t) => [l.sourceId, t] as const));
    await this.prisma.$transaction([
      this.prisma.pageLink.deleteMany({ where: { sourceId: { in: sources } } }),
      this.prisma.$executeRaw`
        INSERT INTO "PageLink" ("sourceId", "targetId")
        SELECT v.s, v.t FROM unnest(${pairs.map((p) => p[0])}::uuid[], ${pairs.map((p) => p[1])}::uuid[]) AS v(s, t)
        JOIN "Page" sp ON sp.id = v.s JOIN "Page" tp ON tp.id = v.t AND tp."workspaceId" = sp."workspaceId"
        ON CONFLICT DO NOTHING`,
    ]);
  }

  // Live pages whose content links to `targetId`, most recently created first.
  async sources(targetId: string): Promise<Array<{ id: string; title: string; icon: string | null }>> {
    const rows = await this.prisma.pageLink.findMany({
      where: { targetId, source: { deletedAt: null } },
      select: { source: { select: { id: true, title: true, icon: true } } },
      orderBy: { sourceId: 'desc' },
      take: 200,
    });
    return rows.map((r) => r.source);
  }
}
