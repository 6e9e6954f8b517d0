import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  CreatePageBody,
  DuplicatePageBody,
  Id,
  MovePageBody,
  UpdatePageBody,
  type PageDetailResponse,
  type PageView,
  type TrashResponse,
  PageRoutes,
} from '@tandem/protocol';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { PageDuplicateService } from './page-duplicate.service.js';
import { PagesService } from './pages.service.js';

const IdPipe = new ZodValidationPipe(Id);

@ApiTags('pages')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class WorkspacePagesController {
  constructor(private readonly pages: PagesService) {}

  // Sent as serialized (a member's 4.3 MB tree at 10,000 pages is kept serialized, see
  // MemberTreeCache), with its ETag, so an unchanged tree is also a 304 to a client that has it.
  @Get(PageRoutes.tree.path)
  async tree(@CurrentAuth() auth: AuthContext, @Param('workspaceId', IdPipe) workspaceId: string, @Res() res: Response): Promise<void> {
    const tree = await this.pages.tree(auth, workspaceId);
    res.type('application/json');
    // A guest's (not kept) gets Express' own ETag.
    if (tree.etag) res.setHeader('ETag', tree.etag);
    res.send(tree.body);
  }

  @Post(PageRoutes.create.path)
  @ZodBody(CreatePageBody)
  create(
    @CurrentAuth() auth: AuthContext,
    @Param('workspaceId', IdPipe) workspaceId: string,
    @Body(new ZodValidationPipe(CreatePageBody)) body: z.output<typeof CreatePageBody>,
    @Client() client: ClientMeta,
  ): Promise<PageView> {
    return this.pages.create(auth, workspaceId, body, client);
  }

  @Get(PageRoutes.trash.path)
  trash(@CurrentAuth() auth: AuthContext, @Param('workspaceId', IdPipe) workspaceId: string): Promise<TrashResponse> {
    return this.pages.listTrash(auth, workspaceId);
  }
}

@ApiTags('pages')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class PagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly duplicates: PageDuplicateService,
  ) {}

  @Get(PageRoutes.get.path)
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<PageDetailResponse> {
    return this.pages.get(auth, id);
  }

  @Patch(PageRoutes.update.path)
  @ZodBody(UpdatePageBody)
  update(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(UpdatePageBody)) body: z.output<typeof UpdatePageBody>, @Client() client: ClientMeta): Promise<PageView> {
    return this.pages.update(auth, id, body, client);
  }

  @Post(PageRoutes.move.path)
  @HttpCode(200)
  @ZodBody(MovePageBody)
  move(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(MovePageBody)) body: z.output<typeof MovePageBody>, @Client() client: ClientMeta): Promise<PageView> {
    return this.pages.move(auth, id, body, client);
  }

  @Post(PageRoutes.duplicate.path)
  @ZodBody(DuplicatePageBody)
  duplicate(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(DuplicatePageBody)) body: z.output<typeof DuplicatePageBody>, @Client() client: ClientMeta): Promise<PageView> {
    return this.duplicates.duplicate(auth, id, body, client);
  }

  @Post(PageRoutes.trashPage.path)
  @HttpCode(204)
  trash(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Client() client: ClientMeta): Promise<void> {
    return this.pages.trash(auth, id, client);
  }

  @Post(PageRoutes.restore.path)
  @HttpCode(200)
  restore(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Client() client: ClientMeta): Promise<PageView> {
    return this.pages.restore(auth, id, client);
  }

  @Delete(PageRoutes.deleteForever.path)
  @HttpCode(204)
  delete(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Client() client: ClientMeta): Promise<void> {
    return this.pages.deleteForever(auth, id, client);
  }
}
