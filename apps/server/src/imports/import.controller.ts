import { Controller, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Id, ImportQuery, ImportRoutes, UPLOAD_FIELD, type ImportSummary } from '@tandem/protocol';
import type { Request } from 'express';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { ImportService } from './import.service.js';

@ApiTags('imports')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @Post(ImportRoutes.create.path)
  @HttpCode(201)
  @ZodQuery(ImportQuery)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } } } })
  create(
    @CurrentAuth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(Id)) id: string,
    @Query(new ZodValidationPipe(ImportQuery)) query: z.output<typeof ImportQuery>,
    @Req() req: Request,
    @Client() client: ClientMeta,
  ): Promise<ImportSummary> {
    return this.imports.import(auth, id, query.parentId, req, client);
  }
}
