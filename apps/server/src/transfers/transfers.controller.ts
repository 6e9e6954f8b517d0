import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiGoneResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Id, StartImportQuery, StartPageExportBody, StartWorkspaceExportBody, TransferRoutes, UPLOAD_FIELD, type TransferView } from '@tandem/protocol';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody, ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { contentDisposition } from '../files/file-content.js';
import { TransfersService } from './transfers.service.js';

const IdPipe = new ZodValidationPipe(Id);

@ApiTags('transfers')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post(TransferRoutes.startImport.path)
  @HttpCode(202)
  @ZodQuery(StartImportQuery)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } } } })
  startImport(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Query(new ZodValidationPipe(StartImportQuery)) query: z.output<typeof StartImportQuery>,
    @Req() req: Request,
    @Client() client: ClientMeta,
  ): Promise<TransferView> {
    return this.transfers.startImport(auth, id, query.parentId, req, client);
  }

  @Post(TransferRoutes.startPageExport.path)
  @HttpCode(202)
  @ZodBody(StartPageExportBody)
  startPageExport(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(StartPageExportBody)) body: z.output<typeof StartPageExportBody>): Promise<TransferView> {
    return this.transfers.startPageExport(auth, id, body.format, body.subpages);
  }

  @Post(TransferRoutes.startWorkspaceExport.path)
  @HttpCode(202)
  @ZodBody(StartWorkspaceExportBody)
  startWorkspaceExport(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(StartWorkspaceExportBody)) body: z.output<typeof StartWorkspaceExportBody>): Promise<TransferView> {
    return this.transfers.startWorkspaceExport(auth, id, body.format);
  }

  @Get(TransferRoutes.get.path)
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<TransferView> {
    return this.transfers.get(auth, id);
  }

  // Always a download, never rendered on our origin (an HTML export carries people's content).
  @Get(TransferRoutes.download.path)
  @ApiProduces('application/zip', 'text/html')
  @ApiGoneResponse({ description: "The export's file expired (EXPORT_RETENTION_DAYS after it finished) and is deleted: export again." })
  async download(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Res() res: Response): Promise<void> {
    const file = await this.transfers.download(auth, id);
    res.status(200);
    res.setHeader('Content-Type', file.mime);
    res.setHeader('Content-Disposition', contentDisposition('attachment', file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; sandbox");
    res.setHeader('Cache-Control', 'no-store');
    file.body.on('error', () => res.destroy());
    file.body.pipe(res);
  }
}
