import { Injectable } from '@nestjs/common';
import { Id, roleAtLeast, type PageAccessRole, type PageShareRole, type WorkspaceRole } from '@tandem/protocol';
import type { Principal } from '../access/principal.js';
import { hashSecret } from '../access/tokens.js';
import { ApiError } from '../common/api-error.js';
import { AccessRepository } from './access.repository.js';
import { resolvePageRole, resolveTreeRoles, type TreeNode } from './role-rules.js';

export interface PageAccess {
  role: PageAccessRole;
  workspaceId: string;
  parentId: string | null;
  trashed: boolean;
  // The page's ancestors, nearest first.
  ancestorIds: string[];
}

// THE access function: every REST handler and every socket event asks it. Null means the principal
// cannot see the page at all (answer 404, never reveal it exists).
@Injectable()
export class AccessService {
  constructor(private readonly repo: AccessRepository) {}

  async pageRole(principal: Principal, pageId: string): Promise<PageAccessRole | null> {
    return (await this.pageAccess(principal, pageId))?.role ?? null;
  }

  async pageAccess(principal: Principal, pageId: string): Promise<PageAccess | null> {
    // Ids come from clients: garbage is simply "no such page", without a database round trip.
    if (!Id.safeParse(pageId).success) return null;
    const chain = await this.repo.chain(pageId);
    const page = chain[0];
    if (!page) return null;
    const chainIds = chain.map((p) => p.id);
    const trashed = page.deletedAt != null;
    let role: PageAccessRole | null;
    if (principal.kind === 'user') {
      if (principal.sessionId && !(await this.repo.sessionActive(principal.sessionId, new Date()))) return null;
      const workspaceRole = await this.repo.workspaceRole(principal.userId, page.workspaceId);
      // Shares top out at editor, so they only matter below that baseline.
      const shares: Map<string, PageShareRole> =
        workspaceRole === 'guest' ? await this.repo.sharesOn(principal.userId, chainIds) : new Map();
      role = resolvePageRole({ workspaceRole, chainIds, shares, trashed });
    } else {
      const link = await this.repo.findActiveLink(principal.shareLinkId);
      role = link && link.pageId === principal.pageId && chainIds.includes(link.pageId) && !trashed ? link.role : null;
    }
    if (!role) return null;
    return { role, workspaceId: page.workspaceId, parentId: page.parentId, trashed, ancestorIds: chainIds.slice(1) };
  }

  // For handlers: the access, or 404 when the page is invisible and 403 when the role is too weak.
  async requirePage(principal: Principal, pageId: string, required: PageAccessRole): Promise<PageAccess> {
    const access = await this.pageAccess(principal, pageId);
    if (!access) throw ApiError.notFound('Page');
    if (!roleAtLeast(access.role, required)) throw ApiError.forbidden(`You need ${required.replace('_', ' ')} on this page to do that.`);
    return access;
  }

  // Whether a session is still live (not revoked, not expired): a socket opened from it may act.
  sessionActive(sessionId: string): Promise<boolean> {
    return this.repo.sessionActive(sessionId, new Date());
  }

  workspaceRole(userId: string, workspaceId: string): Promise<WorkspaceRole | null> {
    return this.repo.workspaceRole(userId, workspaceId);
  }

  // Roles on every given live page of a workspace for one user (pages they can't see are absent).
  async treeRoles(userId: string, workspaceId: string, pages: readonly TreeNode[]): Promise<Map<string, PageAccessRole>> {
    const workspaceRole = await this.repo.workspaceRole(userId, workspaceId);
    const shares = workspaceRole === 'guest' ? await this.repo.sharesInWorkspace(userId, workspaceId) : new Map<string, PageShareRole>();
    return resolveTreeRoles(pages, workspaceRole, shares);
  }

  // Which pages of these chains (each a page, then its ancestors nearest first) the user may see, by
  // the rules of pageAccess: for breadcrumbs of pages found in bulk (search, favorites, recents).
  async visibleInChains(userId: string, workspaceId: string, chains: ReadonlyArray<ReadonlyArray<{ id: string; deletedAt: Date | null }>>): Promise<Set<string>> {
    const workspaceRole = await this.repo.workspaceRole(userId, workspaceId);
    const shares = workspaceRole === 'guest' ? await this.repo.sharesInWorkspace(userId, workspaceId) : new Map<string, PageShareRole>();
    const visible = new Set<string>();
    for (const chain of chains) {
      const ids = chain.map((c) => c.id);
      chain.forEach((page, i) => {
        if (resolvePageRole({ workspaceRole, chainIds: ids.slice(i), shares, trashed: page.deletedAt != null })) visible.add(page.id);
      });
    }
    return visible;
  }

  // The principal a public link's token stands for, or null if unknown or revoked.
  async linkPrincipal(shareToken: string): Promise<Extract<Principal, { kind: 'link' }> | null> {
    const link = await this.repo.findActiveLinkByTokenHash(hashSecret(shareToken));
    return link ? { kind: 'link', shareLinkId: link.id, pageId: link.pageId } : null;
  }
}
