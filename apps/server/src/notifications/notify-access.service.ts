import { Injectable, Logger } from '@nestjs/common';
import { AfterCommit } from '../events/after-commit.service.js';
import { RealtimeChannel, realtimeMessage } from '../events/realtime-channels.js';
import { NotificationRepository, type NewEventNotification } from './notification.repository.js';

// Inbox news of access given: a page shared with someone, an invitation to a workspace. Both
// already send their own mail (the sharing and workspaces services), so these are in-app only.
// Called after the share or invitation committed; a failure is logged, never undoes it.
@Injectable()
export class NotifyAccessService {
  private readonly logger = new Logger(NotifyAccessService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly after: AfterCommit,
  ) {}

  // A new share of a page with an account (a pending share has nobody to tell yet).
  async shared(input: { actorId: string; pageId: string; userId: string }): Promise<void> {
    if (input.userId === input.actorId) return;
    await this.write({ kind: 'share', actorId: input.actorId, userId: input.userId, pageId: input.pageId });
  }

  // An invitation reaches the account that proved its address, if there is one yet (else the
  // person finds it on signing up, among their invitations).
  async invited(input: { actorId: string; invitationId: string; email: string }): Promise<void> {
    try {
      const user = await this.notifications.verifiedUserByEmail(input.email);
      if (user && user.id !== input.actorId) await this.write({ kind: 'invitation', actorId: input.actorId, userId: user.id, invitationId: input.invitationId });
    } catch (err) {
      this.logger.error(`invitation notification for ${input.invitationId} not written: ${(err as Error).message}`);
    }
  }

  private async write(row: NewEventNotification): Promise<void> {
    try {
      // Invited again before reading the first one: one unread notification is enough.
      const already = await this.notifications.unreadAlready({ ...row, userIds: [row.userId] });
      if (already.size > 0) return;
      const told = await this.notifications.createEvents([row]);
      if (told.length > 0) await this.after.run({ publish: [realtimeMessage(RealtimeChannel.InboxChanged, { userIds: told })] });
    } catch (err) {
      this.logger.error(`${row.kind} notification for ${row.userId} not written: ${(err as Error).message}`);
    }
  }
}
