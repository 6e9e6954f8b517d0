import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { NotificationRoutes, NotificationSettingsBody, type NotificationListResponse, type NotificationSettings } from '@tandem/protocol';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody, ZodQuery } from '../common/openapi.js';
import { notFoundUnlessId, ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { NotificationsService } from './notifications.service.js';

const NotificationIdPipe = notFoundUnlessId('Notification');
const ListQueryPipe = new ZodValidationPipe(NotificationRoutes.list.query);

@ApiTags('notifications')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get(NotificationRoutes.list.path)
  @ZodQuery(NotificationRoutes.list.query)
  list(@CurrentAuth() auth: AuthContext, @Query(ListQueryPipe) query: z.output<typeof NotificationRoutes.list.query>): Promise<NotificationListResponse> {
    return this.notifications.list(auth, query.cursor);
  }

  // Declared before ":id/read" so "read-all" is never taken for an id.
  @Post(NotificationRoutes.markAllRead.path)
  @HttpCode(204)
  markAllRead(@CurrentAuth() auth: AuthContext): Promise<void> {
    return this.notifications.markAllRead(auth);
  }

  @Post(NotificationRoutes.markRead.path)
  @HttpCode(204)
  markRead(@CurrentAuth() auth: AuthContext, @Param('id', NotificationIdPipe) id: string): Promise<void> {
    return this.notifications.markRead(auth, id);
  }

  @Get(NotificationRoutes.settings.path)
  settings(@CurrentAuth() auth: AuthContext): Promise<NotificationSettings> {
    return this.notifications.settings(auth);
  }

  @Patch(NotificationRoutes.updateSettings.path)
  @ZodBody(NotificationSettingsBody)
  updateSettings(@CurrentAuth() auth: AuthContext, @Body(new ZodValidationPipe(NotificationSettingsBody)) body: z.output<typeof NotificationSettingsBody>, @Client() client: ClientMeta): Promise<NotificationSettings> {
    return this.notifications.updateSettings(auth, body.emailMentions, client);
  }
}
