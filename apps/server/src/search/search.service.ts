import { Injectable } from '@nestjs/common';
import { SearchLimits, type SearchQuery, type SearchResponse, type SearchResult } from '@tandem/protocol';
import type { z } from 'zod';
import { AccessService } from '../access/access.service.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { SearchRepository, type ChainRow } from './search.repository.js';
import { hasPositiveTerms, parseSearchText, snippetParts } from './search-text.js';

type Query = z.output<typeof SearchQuery>;

// Search in a workspace: the rules around the engine (who may ask what), the engine's hits turned
// into results with breadcrumbs the caller may see.
@Injectable()
export class SearchService {
  constructor(
    private readonly repo: SearchRepository,
    private readonly access: AccessService,
  ) {}

  async search(auth: AuthContext, workspaceId: string, query: Query): Promise<SearchResponse> {
    const role = await this.access.workspaceRole(auth.user.id, workspaceId);
    if (!role) throw ApiError.notFound('Workspace');
    if (query.trash && role !== 'owner' && role !== 'admin') throw ApiError.forbidden('Only owners and admins can search the trash.');
    if (query.under) {
      const under = await this.access.pageAccess(auth.principal, query.under);
      if (!under || under.workspaceId !== workspaceId) throw ApiError.notFound('Page');
    }
    const limit = query.limit ?? SearchLimits.pageSizeDefault;
    const offset = query.cursor ? Number(query.cursor) : 0;
    const text = parseSearchText(query.q ?? '');
    // Something was typed, but nothing to look for ("%", "&|", "-"): nothing matches. (An empty
    // query lists pages by the filters; only exclusions list the pages without those words.)
    if ((query.q ?? '').trim() && !hasPositiveTerms(text) && !text.excluded) return { results: [], total: 0, totalCapped: false, nextCursor: null };
    const { hits, total, capped } = await this.repo.search({
      workspaceId,
      userId: auth.user.id,
      role,
      text,
      underId: query.under ?? null,
      editedById: query.editedBy ?? null,
      from: query.from ? new Date(query.from) : null,
      to: query.to ? endOfDay(query.to) : null,
      includeTrash: query.trash ?? false,
      sort: query.sort ?? 'relevance',
      offset,
      limit,
    });
    const paths = await this.paths(auth.user.id, workspaceId, hits.map((h) => h.id));
    const results: SearchResult[] = hits.map((h) => ({
      id: h.id,
      title: h.title,
      icon: h.icon,
      path: paths.get(h.id) ?? [],
      snippet: snippetParts(h.headline),
      updatedAt: h.editedAt.toISOString(),
      deletedAt: h.deletedAt?.toISOString() ?? null,
    }));
    const more = hits.length > 0 && (offset + hits.length < total || (capped && hits.length === limit));
    return { results, total, totalCapped: capped, nextCursor: more ? String(offset + hits.length) : null };
  }

  // Visible ancestors of each page, root first, for the pages the user may see themselves (the
  // others are absent: navigation lists drop pages that became unreadable).
  async paths(userId: string, workspaceId: string, pageIds: readonly string[]): Promise<Map<string, SearchResult['path']>> {
    const rows = await this.repo.chains(pageIds);
    const chains = new Map<string, ChainRow[]>();
    for (const row of rows) chains.set(row.resultId, [...(chains.get(row.resultId) ?? []), row]);
    const visible = await this.access.visibleInChains(userId, workspaceId, [...chains.values()].map((c) => c.sort((a, b) => a.depth - b.depth)));
    const paths = new Map<string, SearchResult['path']>();
    for (const [id, chain] of chains) {
      if (!visible.has(id)) continue;
      paths.set(
        id,
        chain
          .slice(1)
          .filter((a) => visible.has(a.id))
          .reverse()
          .map((a) => ({ id: a.id, title: a.title, icon: a.icon })),
      );
    }
    return paths;
  }
}

// A bare date as `to` means the whole of that day (UTC).
function endOfDay(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
}
