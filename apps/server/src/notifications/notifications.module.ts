import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { EventsModule } from '../events/events.module.js';
import { notificationsQueue } from '../infra/queues.js';
import { MentionMailQueueRepository } from './mention-mail-queue.repository.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { NotifyAccessService } from './notify-access.service.js';
import { NotifyCommentService } from './notify-comment.service.js';
import { PageMentionsController } from './page-mentions.controller.js';
import { PageMentionsService } from './page-mentions.service.js';

// The inbox (issue 14): notifications about comments, @mentions in pages' text, shares and
// invitations, their REST endpoints and live news, and the scheduling of mention mails (sent by the
// worker's notifications queue).
@Module({
  imports: [AuthModule, AccessModule, EventsModule, notificationsQueue],
  controllers: [NotificationsController, PageMentionsController],
  providers: [NotificationRepository, NotificationsService, NotifyCommentService, NotifyAccessService, PageMentionsService, MentionMailQueueRepository],
  exports: [NotifyCommentService, NotifyAccessService],
})
export class NotificationsModule {}
