import { Injectable } from '@nestjs/common';
import { NotificationLimits, type NotificationListResponse, type NotificationSettings, type NotificationTransfer, type NotificationView } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { RealtimeChannel, realtimeMessage } from '../events/realtime-channels.js';
import { isExpired } from '../transfers/transfer-view.js';
import { NotificationRepository, type NotificationRow } from './notification.repository.js';

// A person's inbox. Access to each notification's page is re-checked on every read (a share
// revoked since, a page trashed): what they can no longer read is neither listed nor counted, and
// marking it read is 404 like any page they cannot see.
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly access: AccessService,
    private readonly after: AfterCommit,
  ) {}

  async list(auth: AuthContext, cursor: string | undefined): Promise<NotificationListResponse> {
    const [rows, unreadByPage, unreadInvitations, unreadTransfers] = await Promise.all([
      this.notifications.list(auth.user.id, NotificationLimits.pageSize + 1, cursor),
      this.notifications.unreadByPage(auth.user.id),
      this.notifications.unreadInvitations(auth.user.id),
      this.notifications.unreadTransfers(auth.user.id),
    ]);
    const page = rows.slice(0, NotificationLimits.pageSize);
    const readable = await this.readablePages(auth, [...new Set([...page.flatMap((r) => (r.pageId ? [r.pageId] : [])), ...unreadByPage.keys()])]);
    let unread = unreadInvitations + unreadTransfers;
    for (const [pageId, count] of unreadByPage) if (readable.has(pageId)) unread += count;
    // A page's notification shows while the page is readable; an invitation's while it stands; an
    // export's always (the export is the person's own; its row goes with the export).
    const shown = (r: NotificationRow) => (r.pageId ? readable.has(r.pageId) : r.transferId !== null || (r.invitation !== null && r.invitation.revokedAt === null));
    return {
      notifications: page.filter(shown).map(toView),
      unread,
      nextCursor: rows.length > NotificationLimits.pageSize ? page.at(-1)!.id : null,
    };
  }

  async markRead(auth: AuthContext, id: string): Promise<void> {
    const row = await this.notifications.find(auth.user.id, id);
    const shown = row && (row.pageId ? (await this.readablePages(auth, [row.pageId])).has(row.pageId) : row.transferId !== null || (row.invitation !== null && row.invitation.revokedAt === null));
    if (!shown) throw ApiError.notFound('Notification');
    if (await this.notifications.markRead(auth.user.id, id)) await this.told(auth);
  }

  async markAllRead(auth: AuthContext): Promise<void> {
    if ((await this.notifications.markAllRead(auth.user.id)) > 0) await this.told(auth);
  }

  async settings(auth: AuthContext): Promise<NotificationSettings> {
    return { emailMentions: (await this.notifications.settings(auth.user.id)).emailNotifications };
  }

  async updateSettings(auth: AuthContext, emailMentions: boolean, client: ClientMeta): Promise<NotificationSettings> {
    const row = await this.notifications.updateSettings(auth.user.id, emailMentions);
    await this.after.run({ audit: { action: 'auth.notifications_updated', targetType: 'user', targetId: auth.user.id, actorId: auth.user.id, ip: client.ip, metadata: { emailMentions } } });
    return { emailMentions: row.emailNotifications };
  }

  // The person's other tabs update their badge too.
  private told(auth: AuthContext): Promise<void> {
    return this.after.run({ publish: [realtimeMessage(RealtimeChannel.InboxChanged, { userIds: [auth.user.id] })] });
  }

  // One batched access check for every page involved (pageAccessMany: a fixed number of queries).
  private async readablePages(auth: AuthContext, pageIds: readonly string[]): Promise<Set<string>> {
    if (pageIds.length === 0) return new Set();
    const access = await this.access.pageAccessMany(auth.principal, pageIds);
    return new Set(pageIds.filter((id) => access.get(id)));
  }
}

// An export's notice shows where the export stands now: ready (until it expires), failed, expired.
function toNoticeTransfer(t: NonNullable<NotificationRow['transfer']>): NotificationTransfer {
  const expired = isExpired(t);
  return {
    id: t.id,
    workspaceId: t.workspaceId,
    status: expired ? 'expired' : t.status === 'done' ? 'done' : 'failed',
    fileName: t.fileName,
    error: t.error,
    expiresAt: t.expiresAt?.toISOString() ?? null,
  };
}

function toView(r: NotificationRow): NotificationView {
  const text = (r.comment?.text ?? '').replace(/\s+/g, ' ').trim();
  return {
    id: r.id,
    kind: r.kind,
    actor: r.actor,
    page: r.page,
    workspace: r.invitation?.workspace ?? null,
    invitationId: r.invitationId,
    transfer: r.transfer ? toNoticeTransfer(r.transfer) : null,
    threadId: r.threadId,
    commentId: r.commentId,
    excerpt: text.length > NotificationLimits.excerptMax ? `${text.slice(0, NotificationLimits.excerptMax - 1)}…` : text,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}
