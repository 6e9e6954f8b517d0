import { Controller, Get, Param, Post, Query, Req, Res, UseGuards, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FileContentQuery, FileRoutes, Id, UPLOAD_FIELD, type FileListResponse, type FileView } from '@tandem/protocol';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard, OptionalAuth } from '../auth/auth.guard.js';
import { ApiError } from '../common/api-error.js';
import { ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { contentDisposition } from './file-content.js';
import { FilesService } from './files.service.js';

const IdPipe = new ZodValidationPipe(Id);

// A malformed file id is a file that does not exist (404), like any unknown one.
class FileIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!Id.safeParse(value).success) throw ApiError.notFound('File');
    return value as string;
  }
}

@ApiTags('files')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post(FileRoutes.upload.path)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } } } })
  upload(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Req() req: Request, @Client() client: ClientMeta): Promise<FileView> {
    return this.files.upload(auth, id, req, client);
  }

  @Get(FileRoutes.list.path)
  list(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<FileListResponse> {
    return this.files.list(auth, id);
  }

  // Images inline, everything else (SVG, HTML, unknown types) as an attachment; never sniffed by
  // the browser, and sandboxed by CSP should a browser render it anyway.
  @Get(FileRoutes.content.path)
  @OptionalAuth()
  @ZodQuery(FileContentQuery)
  @ApiProduces('application/octet-stream')
  async content(
    @CurrentAuth() auth: AuthContext | undefined,
    @Param('id', new FileIdPipe()) id: string,
    @Query(new ZodValidationPipe(FileContentQuery)) query: z.output<typeof FileContentQuery>,
    @Res() res: Response,
  ): Promise<void> {
    const { file, body } = await this.files.download(auth, query.share, id);
    res.status(200);
    res.setHeader('Content-Type', file.mime.startsWith('text/') ? `${file.mime}; charset=utf-8` : file.mime);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition(file.disposition, file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    // Private: access is checked per request; a short life so revoked access stops soon.
    res.setHeader('Cache-Control', 'private, max-age=300');
    body.on('error', () => res.destroy());
    body.pipe(res);
  }
}
