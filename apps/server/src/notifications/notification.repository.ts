import { Injectable } from '@nestjs/common';
import type { NotificationKind } from '@tandem/protocol';
import { PrismaService } from '../infra/prisma.service.js';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  pageId: string | null;
  threadId: string | null;
  commentId: string | null;
  invitationId: string | null;
  transferId: string | null;
  createdAt: Date;
  readAt: Date | null;
  actor: { id: string; name: string } | null;
  page: { id: string; workspaceId: string; title: string; icon: string | null } | null;
  comment: { text: string } | null;
  invitation: { revokedAt: Date | null; workspace: { id: string; name: string } } | null;
  transfer: { id: string; workspaceId: string; status: 'queued' | 'running' | 'done' | 'failed' | 'expired'; fileName: string | null; error: string | null; expiresAt: Date | null } | null;
}

// A notification about no comment: a page mention or a share (a page), an invitation (no page).
export interface NewEventNotification {
  userId: string;
  actorId: string;
  kind: Extract<NotificationKind, 'page_mention' | 'share' | 'invitation'>;
  pageId?: string;
  invitationId?: string;
}

// Kinds that are mailed in the batched mention mail (shares and invitations have their own mails).
const MAILED_KINDS: NotificationKind[] = ['mention', 'page_mention'];

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
  invitationId: true,
  transferId: true,
  createdAt: true,
  readAt: true,
  actor: { select: { id: true, name: true } },
  page: { select: { id: true, workspaceId: true, title: true, icon: true } },
  comment: { select: { text: true } },
  invitation: { select: { revokedAt: true, workspace: { select: { id: true, name: true } } } },
  transfer: { select: { id: true, workspaceId: true, status: true, fileName: true, error: true, expiresAt: true } },
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
    const groups = await this.prisma.notification.groupBy({ by: ['pageId'], where: { userId, readAt: null, pageId: { not: null } }, _count: { _all: true } });
    return new Map(groups.map((g) => [g.pageId!, g._count._all]));
  }

  // Unread invitations that still stand (a revoked or declined one is no longer shown).
  unreadInvitations(userId: string): Promise<number> {
    return this.prisma.notification.count({ where: { userId, readAt: null, pageId: null, invitation: { revokedAt: null } } });
  }

  // Unread notices of the person's own exports (always shown: the export is theirs).
  unreadTransfers(userId: string): Promise<number> {
    return this.prisma.notification.count({ where: { userId, readAt: null, transferId: { not: null } } });
  }

  find(userId: string, id: string): Promise<{ id: string; pageId: string | null; transferId: string | null; readAt: Date | null; invitation: { revokedAt: Date | null } | null } | null> {
    return this.prisma.notification.findFirst({ where: { id, userId }, select: { id: true, pageId: true, transferId: true, readAt: true, invitation: { select: { revokedAt: true } } } });
  }

  // An export's notice for the person who started it. One per transfer (unique transferId): a
  // second call for the same transfer writes nothing and answers false.
  async createTransferNotice(input: { userId: string; transferId: string; kind: Extract<NotificationKind, 'export_ready' | 'export_failed'> }): Promise<boolean> {
    return (await this.prisma.notification.createMany({ data: [{ userId: input.userId, kind: input.kind, transferId: input.transferId }], skipDuplicates: true })).count === 1;
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

  // Page mentions, shares and invitations. Returns who got a row.
  async createEvents(rows: readonly NewEventNotification[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const created = await this.prisma.notification.createManyAndReturn({
      data: rows.map((r) => ({ userId: r.userId, actorId: r.actorId, kind: r.kind, pageId: r.pageId ?? null, invitationId: r.invitationId ?? null })),
      select: { userId: true },
    });
    return created.map((r) => r.userId);
  }

  // Of these people, who already has an unread notification of this kind about this page or
  // invitation from this actor (a second one would only repeat it).
  async unreadAlready(input: { actorId: string; kind: NewEventNotification['kind']; pageId?: string; invitationId?: string; userIds: readonly string[] }): Promise<Set<string>> {
    if (input.userIds.length === 0) return new Set();
    const rows = await this.prisma.notification.findMany({
      where: { userId: { in: [...input.userIds] }, actorId: input.actorId, kind: input.kind, readAt: null, ...(input.pageId ? { pageId: input.pageId } : {}), ...(input.invitationId ? { invitationId: input.invitationId } : {}) },
      select: { userId: true },
    });
    return new Set(rows.map((r) => r.userId));
  }

  // Which of these ids are members of the workspace (guests included), with their names.
  async members(workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.workspaceMember.findMany({ where: { workspaceId, userId: { in: [...ids] } }, select: { userId: true, user: { select: { name: true } } } });
    return new Map(rows.map((r) => [r.userId, r.user.name]));
  }

  // The account that proved this address (invitations go to addresses; only a verified owner hears).
  async verifiedUserByEmail(email: string): Promise<{ id: string } | null> {
    return this.prisma.user.findFirst({ where: { email, emailVerifiedAt: { not: null } }, select: { id: true } });
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
    return this.prisma.notification.findMany({ where: { userId, kind: { in: MAILED_KINDS }, readAt: null, emailedAt: null }, orderBy: { id: 'asc' }, take: limit, select: ROW });
  }

  async markEmailed(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.prisma.notification.updateMany({ where: { id: { in: [...ids] } }, data: { emailedAt: new Date() } });
  }
}
