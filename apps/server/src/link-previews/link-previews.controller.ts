import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Id, LinkPreviewBody, LinkPreviewRoutes, type LinkPreview } from '@tandem/protocol';
import type { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { LinkPreviewsService } from './link-previews.service.js';

@ApiTags('link-previews')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class LinkPreviewsController {
  constructor(private readonly previews: LinkPreviewsService) {}

  // POST, not GET: it makes the server fetch a page, which is no safe, cacheable read.
  @Post(LinkPreviewRoutes.preview.path)
  @HttpCode(200)
  @ZodBody(LinkPreviewBody)
  preview(@CurrentAuth() auth: AuthContext, @Param('id', new ZodValidationPipe(Id)) id: string, @Body(new ZodValidationPipe(LinkPreviewBody)) body: z.output<typeof LinkPreviewBody>): Promise<LinkPreview> {
    return this.previews.preview(auth, id, body.url);
  }
}
