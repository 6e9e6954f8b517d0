import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';

export interface ExpiredTrash {
  id: string;
  workspaceId: string;
  // The page and the sub-pages that went to the trash with it.
  pages: number;
}

// The trash's retention (jobs/trash-retention.ts): trashed roots past their time, and deleting one
// for good under its workspace's tree lock (the lock PageRepository's tree changes take), checked
// again inside it so a restore that got there first wins.
@Injectable()
export class TrashRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Pages a trash action started from, trashed before `before`, oldest first. A page trashed on its
  // own and later taken along by its parent's trash is collected with that parent.
  expiredRoots(before: Date, limit: number): Promise<Array<{ id: string; workspaceId: string }>> {
    return this.prisma.$queryRaw`
      SELECT id::text AS id, "workspaceId"::text AS "workspaceId" FROM "Page"
      WHERE "deletedAt" < ${before} AND "trashedRootId" = id
      ORDER BY "deletedAt" LIMIT ${limit}`;
  }

  // Deletes the trashed root and everything under it (documents, versions, shares, comments cascade;
  // files lose their page and go to the orphan collector). Null when it was restored meanwhile.
  purge(root: { id: string; workspaceId: string }, before: Date): Promise<ExpiredTrash | null> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`page-tree:${root.workspaceId}`}, 0))`;
      const still = await tx.page.count({ where: { id: root.id, trashedRootId: root.id, deletedAt: { lt: before } } });
      if (!still) return null;
      const [{ n }] = await tx.$queryRaw<[{ n: number }]>`
        WITH RECURSIVE down AS (
          SELECT id FROM "Page" WHERE id = ${root.id}::uuid
          UNION ALL
          SELECT p.id FROM "Page" p JOIN down ON p."parentId" = down.id
        )
        SELECT count(*)::int AS n FROM down`;
      await tx.page.delete({ where: { id: root.id } });
      return { ...root, pages: n };
    });
  }
}
