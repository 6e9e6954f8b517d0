import { Injectable } from '@nestjs/common';
import type { PageMentionsResponse } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import { countAttempt } from '../auth/attempts.js';
import type { AuthContext } from '../auth/auth-context.js';
import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { RealtimeChannel, realtimeMessage } from '../events/realtime-channels.js';
import { MentionMailQueueRepository } from './mention-mail-queue.repository.js';
import { NotificationRepository } from './notification.repository.js';

// @mentions in a page's text. The editor calls POST /pages/:id/mentions when someone inserts a
// mention (the server never watches the document for them: see DECISIONS, "Mentions in the page").
// Only people who may edit the page put mentions in it; everyone named must be a member of the
// page's workspace (guests included), else 400 and nothing is written. Those who can read the page
// are notified (and mailed, batched, like mentions in comments); the others are answered back so the
// editor can offer to share the page with them.
@Injectable()
export class PageMentionsService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly access: AccessService,
    private readonly limits: RateLimitRepository,
    private readonly config: AppConfig,
    private readonly mail: MentionMailQueueRepository,
    private readonly after: AfterCommit,
  ) {}

  async mentioned(auth: AuthContext, pageId: string, userIds: readonly string[]): Promise<PageMentionsResponse> {
    const access = await this.access.requirePage(auth.principal, pageId, 'editor');
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
    const ids = [...new Set(userIds)];
    const members = await this.notifications.members(access.workspaceId, ids);
    const unknown = ids.filter((id) => !members.has(id));
    if (unknown.length > 0) throw ApiError.validation({ 'body.userIds': `names someone who is not in this workspace (${unknown.join(', ')})` });
    // Counted after validation: a refused request writes nothing, not even to the window.
    await countAttempt(this.limits, 'page-mention', auth.user.id, this.config.PAGE_MENTION_RATE_MAX, this.config.PAGE_MENTION_RATE_WINDOW_SECONDS * 1000);

    const others = ids.filter((id) => id !== auth.user.id);
    const readers = await this.access.readersOf(others, pageId);
    const withoutAccess = others.filter((id) => !readers.has(id));
    const already = await this.notifications.unreadAlready({ actorId: auth.user.id, kind: 'page_mention', pageId, userIds: [...readers] });
    const notified = await this.notifications.createEvents(
      [...readers].filter((id) => !already.has(id)).map((userId) => ({ userId, actorId: auth.user.id, kind: 'page_mention' as const, pageId })),
    );
    if (notified.length > 0) {
      await this.after.run({ publish: [realtimeMessage(RealtimeChannel.InboxChanged, { userIds: notified })] });
      for (const userId of notified) await this.mail.schedule(userId);
    }
    return { notified, withoutAccess };
  }
}
