import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MailModule } from '../mail/mail.module.js';
import { InvitationsController, WorkspacesController } from './workspaces.controller.js';
import { WorkspaceRepository } from './workspace.repository.js';
import { WorkspacesService } from './workspaces.service.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';

@Module({
  imports: [AuthModule, AccessModule, EventsModule, MailModule, NotificationsModule],
  controllers: [WorkspacesController, InvitationsController],
  providers: [WorkspacesService, WorkspaceRepository],
})
export class WorkspacesModule {}
