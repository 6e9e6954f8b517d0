import { Injectable, Logger } from '@nestjs/common';
import { commentMentionIds, type CommentBody, type NotificationKind } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { RealtimeChannel, realtimeMessage } from '../events/realtime-channels.js';
import { MentionMailQueueRepository } from './mention-mail-queue.repository.js';
import { NotificationRepository, type NewNotification } from './notification.repository.js';

export interface PostedComment {
  actorId: string;
  pageId: string;
  threadId: string;
  commentId: string;
  body: CommentBody;
  // Who opened the thread and wrote in it before (empty for a new thread).
  participantIds: readonly string[];
  // An edit notifies only people it newly mentions.
  edit?: boolean;
}

// Who a new comment concerns, strongest reason first: the people it @mentions, then those who
// opened or wrote in its thread, then the page's creator. Never its author, and never someone who
// cannot read the page (access is checked per person through AccessService, as for a request of
// theirs). Runs after the comment committed: a failure here is logged, never undoes the comment.
@Injectable()
export class NotifyCommentService {
  private readonly logger = new Logger(NotifyCommentService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly access: AccessService,
    private readonly mail: MentionMailQueueRepository,
    private readonly after: AfterCommit,
  ) {}

  async posted(comment: PostedComment): Promise<void> {
    try {
      await this.notify(comment);
    } catch (err) {
      this.logger.error(`notifications for comment ${comment.commentId} not written: ${(err as Error).message}`);
    }
  }

  private async notify(comment: PostedComment): Promise<void> {
    const reasons = new Map<string, NotificationKind>();
    const add = (ids: readonly (string | null)[], kind: NotificationKind) => {
      for (const id of ids) if (id && id !== comment.actorId && !reasons.has(id)) reasons.set(id, kind);
    };
    add(commentMentionIds(comment.body), 'mention');
    if (!comment.edit) {
      add(comment.participantIds, 'reply');
      add([await this.notifications.pageCreator(comment.pageId)], 'comment');
    }
    const readers = await this.access.readersOf([...reasons.keys()], comment.pageId);
    const recipients: NewNotification[] = [...reasons].filter(([id]) => readers.has(id)).map(([userId, kind]) => ({ userId, kind }));
    const told = new Set(await this.notifications.create({ ...comment, recipients }));
    if (told.size === 0) return;
    await this.after.run({ publish: [realtimeMessage(RealtimeChannel.InboxChanged, { userIds: [...told] })] });
    for (const r of recipients) if (r.kind === 'mention' && told.has(r.userId)) await this.mail.schedule(r.userId);
  }
}
