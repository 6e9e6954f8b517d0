import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateVersionBody,
  Id,
  RenameVersionBody,
  VersionRoutes,
  type RestoreVersionResponse,
  type VersionDetailResponse,
  type VersionDiffResponse,
  type VersionListResponse,
  type VersionView,
} from '@tandem/protocol';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody, ZodQuery } from '../common/openapi.js';
import { notFoundUnlessId, ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { VersionsService } from './versions.service.js';

const IdPipe = new ZodValidationPipe(Id);

const VersionIdPipe = notFoundUnlessId('Version');

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
