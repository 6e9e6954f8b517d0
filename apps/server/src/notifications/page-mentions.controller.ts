import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { NotificationRoutes, PageMentionsBody, type PageMentionsResponse } from '@tandem/protocol';
import type { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody } from '../common/openapi.js';
import { notFoundUnlessId, ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { PageMentionsService } from './page-mentions.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class PageMentionsController {
  constructor(private readonly mentions: PageMentionsService) {}

  @Post(NotificationRoutes.pageMentions.path)
  @HttpCode(200)
  @ZodBody(PageMentionsBody)
  mentioned(@CurrentAuth() auth: AuthContext, @Param('id', notFoundUnlessId('Page')) pageId: string, @Body(new ZodValidationPipe(PageMentionsBody)) body: z.output<typeof PageMentionsBody>): Promise<PageMentionsResponse> {
    return this.mentions.mentioned(auth, pageId, body.userIds);
  }
}
