import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MailModule } from '../mail/mail.module.js';
import { UsersModule } from '../users/users.module.js';
import { ShareRepository } from './share.repository.js';
import { PageSharingController, PublicShareController } from './sharing.controller.js';
import { SharingService } from './sharing.service.js';
import { EventsModule } from '../events/events.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';

@Module({
  imports: [AuthModule, AccessModule, EventsModule, UsersModule, MailModule, NotificationsModule],
  controllers: [PageSharingController, PublicShareController],
  providers: [SharingService, ShareRepository],
})
export class SharingModule {}
