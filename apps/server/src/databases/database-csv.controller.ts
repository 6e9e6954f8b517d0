import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CSV_PLAN_FIELD, CsvExportQuery, CsvImportQuery, CsvMergeQuery, DatabaseCsvRoutes, Id, UPLOAD_FIELD, type CsvImportResult, type CsvMergePreview, type CsvMergeResult, type CsvPreview } from '@tandem/protocol';
import { idSchema } from '@tandem/database';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { contentDisposition } from '../files/file-content.js';
import { DatabaseCsvMerge } from './database-csv-merge.service.js';
import { DatabaseCsvService } from './database-csv.service.js';

const importQuery = () => new ZodValidationPipe(CsvImportQuery);
const mergeQuery = () => new ZodValidationPipe(CsvMergeQuery);
const databaseParam = () => new ZodValidationPipe(Id);

const csvPart = { [UPLOAD_FIELD]: { type: 'string', format: 'binary', description: 'The CSV file (UTF-8, at most 10 MB).' } };

@ApiTags('databases')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class DatabaseCsvController {
  constructor(
    private readonly csv: DatabaseCsvService,
    private readonly merges: DatabaseCsvMerge,
  ) {}

  @Post(DatabaseCsvRoutes.preview.path)
  @HttpCode(200)
  @ZodQuery(CsvImportQuery)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: csvPart } })
  preview(@CurrentAuth() auth: AuthContext, @Query(importQuery()) query: z.output<typeof CsvImportQuery>, @Req() req: Request): Promise<CsvPreview> {
    return this.csv.preview(auth, query, req);
  }

  @Post(DatabaseCsvRoutes.import.path)
  @HttpCode(201)
  @ZodQuery(CsvImportQuery)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD, CSV_PLAN_FIELD],
      properties: { ...csvPart, [CSV_PLAN_FIELD]: { type: 'string', description: 'The import plan as JSON: { title, columns: [{ name, type, includeTime?, skip? }] }, one column per column of the file.' } },
    },
  })
  import(@CurrentAuth() auth: AuthContext, @Query(importQuery()) query: z.output<typeof CsvImportQuery>, @Req() req: Request, @Client() client: ClientMeta): Promise<CsvImportResult> {
    return this.csv.import(auth, query, req, client);
  }

  @Post(DatabaseCsvRoutes.mergePreview.path)
  @HttpCode(200)
  @ZodQuery(CsvMergeQuery)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: csvPart } })
  mergePreview(
    @CurrentAuth() auth: AuthContext,
    @Param('databaseId', databaseParam()) databaseId: string,
    @Query(mergeQuery()) query: z.output<typeof CsvMergeQuery>,
    @Req() req: Request,
  ): Promise<CsvMergePreview> {
    return this.merges.preview(auth, databaseId, query, req);
  }

  @Post(DatabaseCsvRoutes.merge.path)
  @HttpCode(201)
  @ZodQuery(CsvMergeQuery)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [UPLOAD_FIELD, CSV_PLAN_FIELD],
      properties: {
        ...csvPart,
        [CSV_PLAN_FIELD]: {
          type: 'string',
          description: 'The merge plan as JSON: { columns: [{ action: "property", propertyId } | { action: "new", name, type, includeTime? } | { action: "skip" }] }, one entry per column of the file.',
        },
      },
    },
  })
  merge(
    @CurrentAuth() auth: AuthContext,
    @Param('databaseId', databaseParam()) databaseId: string,
    @Query(mergeQuery()) query: z.output<typeof CsvMergeQuery>,
    @Req() req: Request,
  ): Promise<CsvMergeResult> {
    return this.merges.merge(auth, databaseId, query, req);
  }

  @Get(DatabaseCsvRoutes.export.path)
  @ZodQuery(CsvExportQuery)
  @ApiProduces('text/csv')
  async export(
    @CurrentAuth() auth: AuthContext,
    @Param('databaseId', databaseParam()) databaseId: string,
    // View ids are the core's short ids (minted by clients), not UUIDs.
    @Param('viewId', new ZodValidationPipe(idSchema)) viewId: string,
    @Query(new ZodValidationPipe(CsvExportQuery)) query: z.output<typeof CsvExportQuery>,
    @Res() res: Response,
  ): Promise<void> {
    const out = await this.csv.export(auth, databaseId, viewId, query.timeZone ?? 'UTC');
    // Always a download: the cells are people's text.
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition('attachment', out.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.end(out.body);
  }
}
