import { Injectable } from '@nestjs/common';
import type { NavPagesResponse } from '@tandem/protocol';
import { AccessService, type PageAccess } from '../access/access.service.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { SearchService } from '../search/search.service.js';
import { PageLinkRepository } from '../documents/page-link.repository.js';
import { NavigationRepository, type NavRow } from './navigation.repository.js';

// Favorites and recent pages. Anyone who can read a page may star it or have it in their recents;
// lists are filtered again when read, since access can shrink after a star or a visit.
@Injectable()
export class NavigationService {
  constructor(
    private readonly repo: NavigationRepository,
    private readonly access: AccessService,
    private readonly search: SearchService,
    private readonly links: PageLinkRepository,
  ) {}

  async backlinks(auth: AuthContext, pageId: string): Promise<NavPagesResponse> {
    const access = await this.access.requirePage(auth.principal, pageId, 'viewer');
    return this.visible(auth, access.workspaceId, await this.links.sources(pageId));
  }

  async favorites(auth: AuthContext, workspaceId: string): Promise<NavPagesResponse> {
    await this.requireMember(auth, workspaceId);
    return this.visible(auth, workspaceId, await this.repo.favorites(auth.user.id, workspaceId));
  }

  async recent(auth: AuthContext, workspaceId: string): Promise<NavPagesResponse> {
    await this.requireMember(auth, workspaceId);
    return this.visible(auth, workspaceId, await this.repo.recent(auth.user.id, workspaceId));
  }

  async addFavorite(auth: AuthContext, pageId: string): Promise<void> {
    await this.requireLivePage(auth, pageId);
    await this.repo.addFavorite(auth.user.id, pageId);
  }

  // Unstarring needs no access: it only ever removes the caller's own row.
  async removeFavorite(auth: AuthContext, pageId: string): Promise<void> {
    await this.repo.removeFavorite(auth.user.id, pageId);
  }

  async visit(auth: AuthContext, pageId: string): Promise<void> {
    const access = await this.requireLivePage(auth, pageId);
    await this.repo.visit(auth.user.id, pageId, access.workspaceId);
  }

  private async visible(auth: AuthContext, workspaceId: string, rows: NavRow[]): Promise<NavPagesResponse> {
    const paths = await this.search.paths(auth.user.id, workspaceId, rows.map((r) => r.id));
    return { pages: rows.filter((r) => paths.has(r.id)).map((r) => ({ id: r.id, title: r.title, icon: r.icon, path: paths.get(r.id)! })) };
  }

  private async requireMember(auth: AuthContext, workspaceId: string): Promise<void> {
    if (!(await this.access.workspaceRole(auth.user.id, workspaceId))) throw ApiError.notFound('Workspace');
  }

  private async requireLivePage(auth: AuthContext, pageId: string): Promise<PageAccess> {
    const access = await this.access.requirePage(auth.principal, pageId, 'viewer');
    if (access.trashed) throw ApiError.conflict('That page is in the trash.');
    return access;
  }
}
