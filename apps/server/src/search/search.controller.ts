import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Id, SearchRoutes, type SearchResponse } from '@tandem/protocol';
import type { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodQuery } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { SearchService } from './search.service.js';

const query = SearchRoutes.search.query;

@ApiTags('search')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get(SearchRoutes.search.path)
  @ZodQuery(query)
  find(
    @CurrentAuth() auth: AuthContext,
    @Param('workspaceId', new ZodValidationPipe(Id)) workspaceId: string,
    @Query(new ZodValidationPipe(query)) q: z.output<typeof query>,
  ): Promise<SearchResponse> {
    return this.search.search(auth, workspaceId, q);
  }
}
