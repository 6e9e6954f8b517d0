import { Injectable } from '@nestjs/common';
import type { NotificationKind } from '@tandem/protocol';
import { PrismaService } from '../infra/prisma.service.js';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  pageId: string;
  threadId: string;
  commentId: string;
  createdAt: Date;
  readAt: Date | null;
  actor: { id: string; name: string } | null;
  page: { id: string; workspaceId: string; title: string; icon: string | null };
  comment: { text: string };
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
}

const ROW = {
  id: true,
  kind: true,
  pageId: true,
  threadId: true,
  commentId: true,
  createdAt: true,
  readAt: true,
  actor: { select: { id: true, name: true } },
  page: { select: { id: true, workspaceId: true, title: true, icon: true } },
  comment: { select: { text: true } },
} as const;

// Notification rows, and what deciding who gets one needs to read. Every read of someone's
// notifications takes their user id, so another person's notification is simply not found.
@Injectable()
export class NotificationRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Newest first (uuid7 ids grow with time); `cursor` is the last id of the previous page.
  list(userId: string, limit: number, cursor?: string): Promise<NotificationRow[]> {
    return this.prisma.notification.findMany({
      where: { userId, ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
      select: ROW,
    });
  }

  // Unread notifications per page (the count is only shown for pages the person can still read).
  async unreadByPage(userId: string): Promise<Map<string, number>> {
    const groups = await this.prisma.notification.groupBy({ by: ['pageId'], where: { userId, readAt: null }, _count: { _all: true } });
    return new Map(groups.map((g) => [g.pageId, g._count._all]));
  }

  find(userId: string, id: string): Promise<{ id: string; pageId: string; readAt: Date | null } | null> {
    return this.prisma.notification.findFirst({ where: { id, userId }, select: { id: true, pageId: true, readAt: true } });
  }

  async markRead(userId: string, id: string): Promise<boolean> {
    return (await this.prisma.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: new Date() } })).count > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    return (await this.prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } })).count;
  }

  // One row per person per comment: a second reason for the same comment (an edit that adds a
  // mention of someone already told) adds nothing. Returns who got a new row.
  async create(input: { actorId: string; pageId: string; threadId: string; commentId: string; recipients: readonly NewNotification[] }): Promise<string[]> {
    if (input.recipients.length === 0) return [];
    const rows = await this.prisma.notification.createManyAndReturn({
      data: input.recipients.map((r) => ({ userId: r.userId, kind: r.kind, actorId: input.actorId, pageId: input.pageId, threadId: input.threadId, commentId: input.commentId })),
      skipDuplicates: true,
      select: { userId: true },
    });
    return rows.map((r) => r.userId);
  }

  async pageCreator(pageId: string): Promise<string | null> {
    return (await this.prisma.page.findUnique({ where: { id: pageId }, select: { createdById: true } }))?.createdById ?? null;
  }

  async settings(userId: string): Promise<{ emailNotifications: boolean }> {
    return this.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { emailNotifications: true } });
  }

  async updateSettings(userId: string, emailNotifications: boolean): Promise<{ emailNotifications: boolean }> {
    return this.prisma.user.update({ where: { id: userId }, data: { emailNotifications }, select: { emailNotifications: true } });
  }

  // For the mention mail: the person, and their mentions not read in the app nor mailed yet.
  recipient(userId: string): Promise<{ id: string; name: string; email: string; emailVerifiedAt: Date | null; emailNotifications: boolean } | null> {
    return this.prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, emailVerifiedAt: true, emailNotifications: true } });
  }

  pendingMentions(userId: string, limit: number): Promise<NotificationRow[]> {
    return this.prisma.notification.findMany({ where: { userId, kind: 'mention', readAt: null, emailedAt: null }, orderBy: { id: 'asc' }, take: limit, select: ROW });
  }

  async markEmailed(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.prisma.notification.updateMany({ where: { id: { in: [...ids] } }, data: { emailedAt: new Date() } });
  }
}
