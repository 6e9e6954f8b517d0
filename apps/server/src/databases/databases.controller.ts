import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  CreateDatabaseRowBody,
  DatabaseGetQuery,
  DatabaseQueryBody,
  DatabaseRoutes,
  Id,
  UpdateDatabaseRowBody,
  type DatabaseCoversResponse,
  type DatabaseQueryResponse,
  type DatabaseResponse,
  type DatabaseRowView,
  type PageView,
} from '@tandem/protocol';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody, ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { DatabasesService } from './databases.service.js';

// Pipes built per parameter: eslint's no-useless-assignment misreads a shared constant used only
// in parameter decorators of a class like this one.
const id = () => new ZodValidationPipe(Id);

@ApiTags('databases')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class DatabasesController {
  constructor(private readonly databases: DatabasesService) {}

  @Get(DatabaseRoutes.get.path)
  @ZodQuery(DatabaseGetQuery)
  get(@CurrentAuth() auth: AuthContext, @Param('databaseId', id()) databaseId: string, @Query(new ZodValidationPipe(DatabaseGetQuery)) query: z.output<typeof DatabaseGetQuery>): Promise<DatabaseResponse> {
    return this.databases.get(auth, databaseId, query);
  }

  @Get(DatabaseRoutes.covers.path)
  covers(@CurrentAuth() auth: AuthContext, @Param('databaseId', id()) databaseId: string): Promise<DatabaseCoversResponse> {
    return this.databases.covers(auth, databaseId);
  }

  @Post(DatabaseRoutes.query.path)
  @HttpCode(200)
  @ZodBody(DatabaseQueryBody)
  query(@CurrentAuth() auth: AuthContext, @Param('databaseId', id()) databaseId: string, @Body(new ZodValidationPipe(DatabaseQueryBody)) body: z.output<typeof DatabaseQueryBody>): Promise<DatabaseQueryResponse> {
    return this.databases.query(auth, databaseId, body);
  }

  @Post(DatabaseRoutes.createRow.path)
  @ZodBody(CreateDatabaseRowBody)
  createRow(
    @CurrentAuth() auth: AuthContext,
    @Param('databaseId', id()) databaseId: string,
    @Body(new ZodValidationPipe(CreateDatabaseRowBody)) body: z.output<typeof CreateDatabaseRowBody>,
    @Client() client: ClientMeta,
  ): Promise<DatabaseRowView> {
    return this.databases.createRow(auth, databaseId, body, client);
  }

  @Patch(DatabaseRoutes.updateRow.path)
  @ZodBody(UpdateDatabaseRowBody)
  updateRow(
    @CurrentAuth() auth: AuthContext,
    @Param('databaseId', id()) databaseId: string,
    @Param('rowId', id()) rowId: string,
    @Body(new ZodValidationPipe(UpdateDatabaseRowBody)) body: z.output<typeof UpdateDatabaseRowBody>,
  ): Promise<DatabaseRowView> {
    return this.databases.updateRow(auth, databaseId, rowId, body);
  }

  @Delete(DatabaseRoutes.deleteRow.path)
  @HttpCode(204)
  deleteRow(@CurrentAuth() auth: AuthContext, @Param('databaseId', id()) databaseId: string, @Param('rowId', id()) rowId: string): Promise<void> {
    return this.databases.deleteRow(auth, databaseId, rowId);
  }

  @Post(DatabaseRoutes.rowPage.path)
  @HttpCode(200)
  rowPage(@CurrentAuth() auth: AuthContext, @Param('databaseId', id()) databaseId: string, @Param('rowId', id()) rowId: string, @Client() client: ClientMeta): Promise<PageView> {
    return this.databases.rowPage(auth, databaseId, rowId, client);
  }
}
