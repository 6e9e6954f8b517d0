import { Injectable } from '@nestjs/common';
import type { PageShareRole } from '@tandem/protocol';
import { PrismaService } from '../infra/prisma.service.js';
import type { Page, PageShare, PendingShare, ShareLink, User } from '../generated/prisma/client.js';

export type ShareWithUser = PageShare & { user: Pick<User, 'id' | 'name' | 'email'> };

@Injectable()
export class ShareRepository {
  constructor(private readonly prisma: PrismaService) {}

  sharesOn(pageIds: string[]): Promise<ShareWithUser[]> {
    return this.prisma.pageShare.findMany({
      where: { pageId: { in: pageIds } },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  // Grants (or changes) a share in one transaction; someone outside the workspace joins it as a
  // guest, since shares only count for members (removing a member ends their shares).
  async upsertShare(input: { workspaceId: string; pageId: string; userId: string; role: PageShareRole; createdById: string }): Promise<{ share: ShareWithUser; previousRole: PageShareRole | null; joinedAsGuest: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const membership = await tx.workspaceMember.findUnique({ where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: input.userId } } });
      if (!membership) await tx.workspaceMember.create({ data: { workspaceId: input.workspaceId, userId: input.userId, role: 'guest' } });
      const previous = await tx.pageShare.findUnique({ where: { pageId_userId: { pageId: input.pageId, userId: input.userId } } });
      const share = await tx.pageShare.upsert({
        where: { pageId_userId: { pageId: input.pageId, userId: input.userId } },
        create: { pageId: input.pageId, userId: input.userId, role: input.role, createdById: input.createdById },
        update: { role: input.role },
        include: { user: { select: { id: true, name: true, email: true } } },
      });
      return { share, previousRole: previous?.role ?? null, joinedAsGuest: !membership };
    });
  }

  pendingOn(pageId: string): Promise<PendingShare[]> {
    return this.prisma.pendingShare.findMany({ where: { pageId }, orderBy: { createdAt: 'asc' } });
  }

  // One pending share per (page, address): sharing again changes its role.
  upsertPending(input: { pageId: string; email: string; role: PageShareRole; createdById: string }): Promise<PendingShare> {
    return this.prisma.pendingShare.upsert({
      where: { pageId_email: { pageId: input.pageId, email: input.email } },
      create: input,
      update: { role: input.role, createdById: input.createdById },
    });
  }

  async deletePending(pageId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.pendingShare.deleteMany({ where: { id, pageId } });
    return count > 0;
  }

  async pageTitle(pageId: string): Promise<string> {
    return (await this.prisma.page.findUnique({ where: { id: pageId }, select: { title: true } }))?.title ?? '';
  }

  async deleteShare(pageId: string, userId: string): Promise<boolean> {
    const { count } = await this.prisma.pageShare.deleteMany({ where: { pageId, userId } });
    return count > 0;
  }

  activeLinks(pageId: string): Promise<ShareLink[]> {
    return this.prisma.shareLink.findMany({ where: { pageId, revokedAt: null }, orderBy: { createdAt: 'asc' } });
  }

  createLink(input: { pageId: string; tokenHash: string; role: PageShareRole; createdById: string }): Promise<ShareLink> {
    return this.prisma.shareLink.create({ data: input });
  }

  async revokeLink(pageId: string, linkId: string): Promise<boolean> {
    const { count } = await this.prisma.shareLink.updateMany({ where: { id: linkId, pageId, revokedAt: null }, data: { revokedAt: new Date() } });
    return count > 0;
  }

  async commentsOnPublicLinks(workspaceId: string): Promise<boolean> {
    const ws = await this.prisma.workspace.findUnique({ where: { id: workspaceId }, select: { commentsOnPublicLinks: true } });
    return ws?.commentsOnPublicLinks ?? false;
  }

  findActiveLinkWithPage(tokenHash: string): Promise<(ShareLink & { page: Page }) | null> {
    return this.prisma.shareLink.findFirst({ where: { tokenHash, revokedAt: null }, include: { page: true } });
  }
}
