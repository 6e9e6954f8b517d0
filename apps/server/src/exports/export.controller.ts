import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ExportQuery, ExportRoutes, Id } from '@tandem/protocol';
import type { Response } from 'express';
import type { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { contentDisposition } from '../files/file-content.js';
import { ExportService, type ExportOutput } from './export.service.js';

const IdPipe = new ZodValidationPipe(Id);
const QueryPipe = new ZodValidationPipe(ExportQuery);

@ApiTags('exports')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Get(ExportRoutes.page.path)
  @ZodQuery(ExportQuery)
  @ApiProduces('application/zip', 'text/html')
  async page(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Query(QueryPipe) query: z.output<typeof ExportQuery>, @Res() res: Response): Promise<void> {
    send(res, await this.exports.exportPage(auth.principal, id, query.format, query.subpages));
  }

  @Get(ExportRoutes.workspace.path)
  @ZodQuery(ExportQuery)
  @ApiProduces('application/zip', 'text/html')
  async workspace(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Query(QueryPipe) query: z.output<typeof ExportQuery>, @Res() res: Response): Promise<void> {
    send(res, await this.exports.exportWorkspace(auth.user.id, id, query.format));
  }
}

// Always a download, never rendered on our origin (the HTML carries people's content).
function send(res: Response, out: ExportOutput): void {
  res.status(200);
  res.setHeader('Content-Type', out.mime);
  res.setHeader('Content-Disposition', contentDisposition('attachment', out.filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; sandbox");
  res.setHeader('Cache-Control', 'no-store');
  if (Buffer.isBuffer(out.body)) {
    res.end(out.body);
    return;
  }
  out.body.on('error', () => res.destroy());
  out.body.pipe(res);
}
