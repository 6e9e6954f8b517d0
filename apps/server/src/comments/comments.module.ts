import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { VersionsModule } from '../versions/versions.module.js';
import { CommentRepository } from './comment.repository.js';
import { CommentsController, SharedCommentsController } from './comments.controller.js';
import { CommentsService } from './comments.service.js';

// Comment threads on pages (issue 14). Anchors are checked against the page's document with the
// history's off-the-loop computation (VersionsModule's HistoryComputeService).
@Module({
  imports: [AuthModule, AccessModule, EventsModule, DocumentsModule, VersionsModule, NotificationsModule],
  controllers: [CommentsController, SharedCommentsController],
  providers: [CommentsService, CommentRepository],
})
export class CommentsModule {}
