import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateVersionBody,
  Id,
  RenameVersionBody,
  VersionDatabase,
  VersionRoutes,
  type RestoreVersionResponse,
  type VersionDetailResponse,
  type VersionDiffResponse,
  type VersionListResponse,
  type VersionView,
} from '@tandem/protocol';
import { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody, ZodOkResponse, ZodQuery } from '../common/openapi.js';
import { notFoundUnlessId, ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { VersionsService } from './versions.service.js';

const IdPipe = new ZodValidationPipe(Id);

const VersionIdPipe = notFoundUnlessId('Version');

// The detail as documented: the database part field by field (what a client draws a database
// page's version from); the version and the body are the types of @tandem/protocol.
const VersionDetailDoc = z.object({
  version: z.looseObject({}).describe('VersionView'),
  content: z.looseObject({}).describe("The body as Tiptap JSON ({ type: 'doc', content })"),
  database: VersionDatabase.nullable().describe('A database page\'s schema, views and rows as in this version; null for other pages'),
});

@ApiTags('versions')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class VersionsController {
  constructor(private readonly versions: VersionsService) {}

  @Get(VersionRoutes.list.path)
  @ZodQuery(VersionRoutes.list.query)
  list(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Query(new ZodValidationPipe(VersionRoutes.list.query)) query: z.output<typeof VersionRoutes.list.query>): Promise<VersionListResponse> {
    return this.versions.list(auth, id, query.cursor);
  }

  @Post(VersionRoutes.create.path)
  @ZodBody(CreateVersionBody)
  create(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(CreateVersionBody)) body: z.output<typeof CreateVersionBody>, @Client() client: ClientMeta): Promise<VersionView> {
    return this.versions.create(auth, id, body.name, client);
  }

  @Get(VersionRoutes.get.path)
  @ZodOkResponse(VersionDetailDoc, 'The version, its body, and for a database page its database.')
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('versionId', VersionIdPipe) versionId: string): Promise<VersionDetailResponse> {
    return this.versions.get(auth, id, versionId);
  }

  @Get(VersionRoutes.diff.path)
  @ZodQuery(VersionRoutes.diff.query)
  diff(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('versionId', VersionIdPipe) versionId: string,
    @Query(new ZodValidationPipe(VersionRoutes.diff.query)) query: z.output<typeof VersionRoutes.diff.query>,
  ): Promise<VersionDiffResponse> {
    return this.versions.diff(auth, id, versionId, query.against);
  }

  @Patch(VersionRoutes.rename.path)
  @ZodBody(RenameVersionBody)
  rename(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('versionId', VersionIdPipe) versionId: string,
    @Body(new ZodValidationPipe(RenameVersionBody)) body: z.output<typeof RenameVersionBody>,
    @Client() client: ClientMeta,
  ): Promise<VersionView> {
    return this.versions.rename(auth, id, versionId, body.name, client);
  }

  @Post(VersionRoutes.restore.path)
  @HttpCode(200)
  restore(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('versionId', VersionIdPipe) versionId: string, @Client() client: ClientMeta): Promise<RestoreVersionResponse> {
    return this.versions.restore(auth, id, versionId, client);
  }
}
