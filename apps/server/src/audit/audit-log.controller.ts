import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditRoutes, Id, type AuditLogResponse } from '@tandem/protocol';
import type { Response } from 'express';
import type { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AuditLogService } from './audit-log.service.js';

const IdPipe = new ZodValidationPipe(Id);

@ApiTags('audit')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Get(AuditRoutes.list.path)
  @ZodQuery(AuditRoutes.list.query)
  list(
    @CurrentAuth() auth: AuthContext,
    @Param('workspaceId', IdPipe) workspaceId: string,
    @Query(new ZodValidationPipe(AuditRoutes.list.query)) q: z.output<typeof AuditRoutes.list.query>,
  ): Promise<AuditLogResponse> {
    return this.audit.list(auth, workspaceId, q);
  }

  @Get(AuditRoutes.export.path)
  @ZodQuery(AuditRoutes.export.query)
  @ApiProduces('text/csv')
  async export(
    @CurrentAuth() auth: AuthContext,
    @Param('workspaceId', IdPipe) workspaceId: string,
    @Query(new ZodValidationPipe(AuditRoutes.export.query)) q: z.output<typeof AuditRoutes.export.query>,
    @Res() res: Response,
  ): Promise<void> {
    // Refusals are thrown before anything is written, so they answer as JSON errors.
    await this.audit.requireAdmin(auth, workspaceId);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="audit-log-${workspaceId}-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.setHeader('cache-control', 'no-store');
    for await (const chunk of this.audit.csv(workspaceId, q)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  }
}
