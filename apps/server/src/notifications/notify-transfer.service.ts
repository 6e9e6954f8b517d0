import { Injectable, Logger } from '@nestjs/common';
import { AfterCommit } from '../events/after-commit.service.js';
import { RealtimeChannel, realtimeMessage } from '../events/realtime-channels.js';
import { MailService } from '../mail/mail.service.js';
import { NotificationRepository } from './notification.repository.js';

export interface FinishedExport {
  id: string;
  userId: string;
  workspaceId: string;
  outcome: 'ready' | 'failed';
  fileName: string | null;
  error: string | null;
  expiresAt: Date | null;
}

// Tells the person who started an export that it is ready or failed (issue 16): an inbox notice,
// pushed live, and a mail when they get notification mails at a proved address. The worker calls it
// once the row's outcome is written; the notice is unique per transfer, so an end that runs twice
// tells once (no second notice, no second mail). The mail links to the app (the inbox), never
// carries the file: the download checks who asks. A failure here is logged, never fails the export.
@Injectable()
export class NotifyTransferService {
  private readonly logger = new Logger(NotifyTransferService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly after: AfterCommit,
    private readonly mail: MailService,
  ) {}

  async exportFinished(t: FinishedExport): Promise<void> {
    try {
      const created = await this.notifications.createTransferNotice({ userId: t.userId, transferId: t.id, kind: t.outcome === 'ready' ? 'export_ready' : 'export_failed' });
      if (!created) return;
      await this.after.run({ publish: [realtimeMessage(RealtimeChannel.InboxChanged, { userIds: [t.userId] })] });
      const user = await this.notifications.recipient(t.userId);
      // The same rule as mention mails: the person's setting, and only to an address they proved.
      if (user?.emailNotifications && user.emailVerifiedAt) this.mail.exportFinished(user.email, user.name, { ...t, inboxPath: `/w/${t.workspaceId}/inbox` });
    } catch (err) {
      this.logger.error(`export notice for ${t.id} not written: ${(err as Error).message}`);
    }
  }
}
