import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { MailService } from '../mail/mail.service.js';
import { NotificationRepository } from '../notifications/notification.repository.js';

// Mentions per mail (older ones stay pending for the next job).
const MAIL_MAX = 20;

export type MentionMailResult = { mailed: number } | { skipped: 'no-account' | 'off' | 'unverified' | 'nothing-pending' };

// A person's batched mention mail: their mentions that are still unread in the app and not mailed
// yet, about pages they can still read, in one mail. Runs a few minutes after the first such
// mention (MENTION_MAIL_DELAY_MS), so mentions read in the app meanwhile are never mailed. A send
// that fails throws (BullMQ retries); mentions are marked mailed only after the mail went out.
@Injectable()
export class MentionMailService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly access: AccessService,
    private readonly mail: MailService,
  ) {}

  async run(userId: string): Promise<MentionMailResult> {
    const user = await this.notifications.recipient(userId);
    if (!user) return { skipped: 'no-account' };
    if (!user.emailNotifications) return { skipped: 'off' };
    // Only to an address its owner proved (the same rule as shares and invitations).
    if (!user.emailVerifiedAt) return { skipped: 'unverified' };
    const pending = await this.notifications.pendingMentions(userId, MAIL_MAX);
    // Mentions (in comments and in pages' text) are always about a page.
    const mentions = pending.flatMap((n) => (n.page ? [{ ...n, page: n.page }] : []));
    const readable = await this.access.pageAccessMany({ kind: 'user', userId, name: user.name }, [...new Set(mentions.map((n) => n.page.id))]);
    const items = mentions.filter((n) => readable.get(n.page.id));
    if (items.length === 0) return { skipped: 'nothing-pending' };
    await this.mail.mentions(
      user.email,
      user.name,
      items.map((n) => ({
        actor: n.actor?.name ?? 'Someone',
        title: n.page.title,
        // A mention in the page's text has no comment to quote.
        excerpt: (n.comment?.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
        path: `/w/${n.page.workspaceId}/p/${n.page.id}${n.threadId ? `?thread=${n.threadId}` : ''}`,
      })),
    );
    await this.notifications.markEmailed(items.map((n) => n.id));
    return { mailed: items.length };
  }
}
