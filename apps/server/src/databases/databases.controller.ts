import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { DatabaseRoutes, Id, type PageView } from '@tandem/protocol';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { DatabasesService } from './databases.service.js';

@ApiTags('databases')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class DatabasesController {
  constructor(private readonly databases: DatabasesService) {}

  @Post(DatabaseRoutes.rowPage.path)
  @HttpCode(200)
  rowPage(@CurrentAuth() auth: AuthContext, @Param('databaseId', new ZodValidationPipe(Id)) databaseId: string, @Param('rowId', new ZodValidationPipe(Id)) rowId: string, @Client() client: ClientMeta): Promise<PageView> {
    return this.databases.rowPage(auth, databaseId, rowId, client);
  }
}
