import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CreateShareLinkBody,
  Id,
  PutShareBody,
  ShareToken,
  type CreatedShareLink,
  type PageSharesResponse,
  type PageShareView,
  type PendingShareView,
  type SharedPageResponse,
  type ShareLinksResponse,
} from '@tandem/protocol';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { SharingService } from './sharing.service.js';

const IdPipe = new ZodValidationPipe(Id);

@ApiTags('sharing')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller('pages/:id')
@UseGuards(AuthGuard)
export class PageSharingController {
  constructor(private readonly sharing: SharingService) {}

  @Get('shares')
  shares(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<PageSharesResponse> {
    return this.sharing.list(auth, id);
  }

  @Put('shares')
  @ZodBody(PutShareBody)
  @ApiOkResponse({ description: 'Shared with the verified account using this address (PageShareView).' })
  @ApiAcceptedResponse({ description: 'No verified account uses the address yet: the share waits for it (PendingShareView).' })
  async share(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Body(new ZodValidationPipe(PutShareBody)) body: z.output<typeof PutShareBody>,
    @Client() client: ClientMeta,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PageShareView | PendingShareView> {
    const result = await this.sharing.put(auth, id, body.email, body.role, client);
    res.status('pending' in result ? 202 : 200);
    return result;
  }

  @Delete('pending-shares/:pendingId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The share waiting for that address is withdrawn.' })
  unsharePending(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('pendingId', IdPipe) pendingId: string, @Client() client: ClientMeta): Promise<void> {
    return this.sharing.revokePending(auth, id, pendingId, client);
  }

  @Delete('shares/:userId')
  @HttpCode(204)
  unshare(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('userId', IdPipe) userId: string, @Client() client: ClientMeta): Promise<void> {
    return this.sharing.revoke(auth, id, userId, client);
  }

  @Get('links')
  links(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<ShareLinksResponse> {
    return this.sharing.links(auth, id);
  }

  @Post('links')
  @ZodBody(CreateShareLinkBody, false)
  createLink(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(CreateShareLinkBody)) body: z.output<typeof CreateShareLinkBody>, @Client() client: ClientMeta): Promise<CreatedShareLink> {
    return this.sharing.createLink(auth, id, body.role, client);
  }

  @Delete('links/:linkId')
  @HttpCode(204)
  revokeLink(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('linkId', IdPipe) linkId: string, @Client() client: ClientMeta): Promise<void> {
    return this.sharing.revokeLink(auth, id, linkId, client);
  }
}

// Public: a link's token is the only credential.
@ApiTags('sharing')
@Controller('share')
export class PublicShareController {
  constructor(private readonly sharing: SharingService) {}

  @Get(':token')
  page(@Param('token', new ZodValidationPipe(ShareToken)) token: string): Promise<SharedPageResponse> {
    return this.sharing.sharedPage(token);
  }
}
