import { Injectable } from '@nestjs/common';
import { NavigationLimits } from '@tandem/protocol';
import { PrismaService } from '../infra/prisma.service.js';

export interface NavRow {
  id: string;
  title: string;
  icon: string | null;
}

// Favorites and page visits: per person, per page.
@Injectable()
export class NavigationRepository {
  constructor(private readonly prisma: PrismaService) {}

  async favorites(userId: string, workspaceId: string): Promise<NavRow[]> {
    const rows = await this.prisma.favorite.findMany({
      where: { userId, page: { workspaceId, deletedAt: null } },
      orderBy: { createdAt: 'asc' },
      take: NavigationLimits.favoritesMax,
      select: { page: { select: { id: true, title: true, icon: true } } },
    });
    return rows.map((r) => r.page);
  }

  async addFavorite(userId: string, pageId: string): Promise<void> {
    await this.prisma.favorite.upsert({ where: { userId_pageId: { userId, pageId } }, create: { userId, pageId }, update: {} });
  }

  async removeFavorite(userId: string, pageId: string): Promise<void> {
    await this.prisma.favorite.deleteMany({ where: { userId, pageId } });
  }

  async recent(userId: string, workspaceId: string): Promise<NavRow[]> {
    const rows = await this.prisma.pageVisit.findMany({
      where: { userId, workspaceId, page: { deletedAt: null } },
      orderBy: { visitedAt: 'desc' },
      take: NavigationLimits.recentMax,
      select: { page: { select: { id: true, title: true, icon: true } } },
    });
    return rows.map((r) => r.page);
  }

  // Records the visit and keeps only the newest visits of this person in this workspace.
  async visit(userId: string, pageId: string, workspaceId: string): Promise<void> {
    const visitedAt = new Date();
    await this.prisma.$transaction([
      this.prisma.pageVisit.upsert({ where: { userId_pageId: { userId, pageId } }, create: { userId, pageId, workspaceId, visitedAt }, update: { visitedAt } }),
      this.prisma.$executeRaw`
        DELETE FROM "PageVisit" WHERE "userId" = ${userId}::uuid AND "workspaceId" = ${workspaceId}::uuid AND "pageId" NOT IN (
          SELECT "pageId" FROM "PageVisit" WHERE "userId" = ${userId}::uuid AND "workspaceId" = ${workspaceId}::uuid
          ORDER BY "visitedAt" DESC LIMIT ${NavigationLimits.recentMax}
        )`,
    ]);
  }
}
