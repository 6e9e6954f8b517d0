import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { CommentContentBody, CommentRoutes, CreateThreadBody, Id, ShareToken, type CommentView, type ThreadListResponse, type ThreadView } from '@tandem/protocol';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody, ZodQuery } from '../common/openapi.js';
import { notFoundUnlessId, ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { CommentsService } from './comments.service.js';

const IdPipe = new ZodValidationPipe(Id);

const ThreadIdPipe = notFoundUnlessId('Thread');
const CommentIdPipe = notFoundUnlessId('Comment');
const ListQueryPipe = new ZodValidationPipe(CommentRoutes.list.query);
type ListQuery = z.output<typeof CommentRoutes.list.query>;

@ApiTags('comments')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get(CommentRoutes.list.path)
  @ZodQuery(CommentRoutes.list.query)
  list(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Query(ListQueryPipe) query: ListQuery): Promise<ThreadListResponse> {
    return this.comments.list(auth, id, query.status, query.cursor);
  }

  @Post(CommentRoutes.create.path)
  @ZodBody(CreateThreadBody)
  create(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(CreateThreadBody)) body: z.output<typeof CreateThreadBody>, @Client() client: ClientMeta): Promise<ThreadView> {
    return this.comments.create(auth, id, body, client);
  }

  @Post(CommentRoutes.reply.path)
  @ZodBody(CommentContentBody)
  reply(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('threadId', ThreadIdPipe) threadId: string,
    @Body(new ZodValidationPipe(CommentContentBody)) body: z.output<typeof CommentContentBody>,
    @Client() client: ClientMeta,
  ): Promise<CommentView> {
    return this.comments.reply(auth, id, threadId, body.body, client);
  }

  @Patch(CommentRoutes.edit.path)
  @ZodBody(CommentContentBody)
  edit(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('threadId', ThreadIdPipe) threadId: string,
    @Param('commentId', CommentIdPipe) commentId: string,
    @Body(new ZodValidationPipe(CommentContentBody)) body: z.output<typeof CommentContentBody>,
    @Client() client: ClientMeta,
  ): Promise<CommentView> {
    return this.comments.edit(auth, id, threadId, commentId, body.body, client);
  }

  @Delete(CommentRoutes.remove.path)
  @HttpCode(204)
  remove(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('threadId', ThreadIdPipe) threadId: string,
    @Param('commentId', CommentIdPipe) commentId: string,
    @Client() client: ClientMeta,
  ): Promise<void> {
    return this.comments.remove(auth, id, threadId, commentId, client);
  }

  @Post(CommentRoutes.resolve.path)
  @HttpCode(200)
  resolve(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('threadId', ThreadIdPipe) threadId: string, @Client() client: ClientMeta): Promise<ThreadView> {
    return this.comments.setResolved(auth, id, threadId, true, client);
  }

  @Post(CommentRoutes.reopen.path)
  @HttpCode(200)
  reopen(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('threadId', ThreadIdPipe) threadId: string, @Client() client: ClientMeta): Promise<ThreadView> {
    return this.comments.setResolved(auth, id, threadId, false, client);
  }
}

// Public: a link's token is the only credential (its readers see the page's threads).
@ApiTags('comments')
@Controller()
export class SharedCommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get(CommentRoutes.shared.path)
  @ZodQuery(CommentRoutes.shared.query)
  list(@Param('token', new ZodValidationPipe(ShareToken)) token: string, @Query(ListQueryPipe) query: ListQuery): Promise<ThreadListResponse> {
    return this.comments.listShared(token, query.status, query.cursor);
  }
}
