import { Injectable } from '@nestjs/common';
import { Id, roleAtLeast, type PageAccessRole, type PageKind, type PageShareRole, type WorkspaceRole } from '@tandem/protocol';
import type { Principal } from '../access/principal.js';
import { hashSecret } from '../access/tokens.js';
import { ApiError } from '../common/api-error.js';
import { AccessRepository, type ChainPage } from './access.repository.js';
import { resolvePageRole, resolveTreeRoles, type TreeNode } from './role-rules.js';

export interface PageAccess {
  role: PageAccessRole;
  workspaceId: string;
  parentId: string | null;
  // page, database or row (a database's document has its own size limit).
  kind: PageKind;
  trashed: boolean;
  // The page's ancestors, nearest first.
  ancestorIds: string[];
  // The ancestors this principal can see, nearest first, up to the first one they cannot (a
  // guest's breadcrumbs start at their share) — from the same chain, no query per ancestor.
  visibleAncestorIds: string[];
}

type PrincipalContext =
  | { kind: 'user'; workspaceRoles: ReadonlyMap<string, WorkspaceRole>; shares: ReadonlyMap<string, PageShareRole> }
  | { kind: 'link'; link: { pageId: string; role: PageShareRole } | null };

// The rules applied to one page's chain (the page, then its ancestors). The role on chain[i]
// depends only on chain[i..], so the visible ancestors come from the same chain.
function accessFromChain(chain: readonly ChainPage[], context: PrincipalContext): PageAccess | null {
  const page = chain[0]!;
  const chainIds = chain.map((p) => p.id);
  const roleAt = (i: number): PageAccessRole | null => {
    const trashed = chain[i]!.deletedAt != null;
    if (context.kind === 'user') {
      const workspaceRole = context.workspaceRoles.get(page.workspaceId) ?? null;
      return resolvePageRole({ workspaceRole, chainIds: chainIds.slice(i), shares: context.shares, trashed });
    }
    return context.link && chainIds.slice(i).includes(context.link.pageId) && !trashed ? context.link.role : null;
  };
  const role = roleAt(0);
  if (!role) return null;
  const visibleAncestorIds: string[] = [];
  for (let i = 1; i < chain.length && roleAt(i); i++) visibleAncestorIds.push(chainIds[i]!);
  return { role, workspaceId: page.workspaceId, parentId: page.parentId, kind: page.kind, trashed: page.deletedAt != null, ancestorIds: chainIds.slice(1), visibleAncestorIds };
}

// People whose access readersOf checks at once (each is two small queries).
const READER_CHECKS_AT_ONCE = 8;

// Who reads a workspace's tree (AccessService.treeViewer).
export interface TreeViewer {
  workspaceRole: WorkspaceRole | null;
  shares: ReadonlyMap<string, PageShareRole>;
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
    if (!chain[0]) return null;
    const context = await this.principalContext(principal, [chain[0].workspaceId], chain.map((p) => p.id));
    return context && accessFromChain(chain, context);
  }

  // The same answers as pageAccess for many pages of one principal, in a fixed number of queries
  // (one chain query, one session, one membership and one share read): for re-checking every page
  // a principal has open at once.
  async pageAccessMany(principal: Principal, pageIds: readonly string[]): Promise<Map<string, PageAccess | null>> {
    const valid = pageIds.filter((id) => Id.safeParse(id).success);
    const chains = await this.repo.chains(valid);
    const all = [...chains.values()];
    const context = all.length
      ? await this.principalContext(principal, [...new Set(all.map((c) => c[0]!.workspaceId))], [...new Set(all.flatMap((c) => c.map((p) => p.id)))])
      : null;
    return new Map(pageIds.map((id) => {
      const chain = chains.get(id);
      return [id, chain && context ? accessFromChain(chain, context) : null];
    }));
  }

  // Which of these people can read the page now, each answered as a request of theirs would be: for
  // telling only those who may see it. One chain read, then a few people at a time: a long thread
  // can name hundreds, and one comment must never take the whole database pool.
  async readersOf(userIds: readonly string[], pageId: string): Promise<Set<string>> {
    const readers = new Set<string>();
    if (!Id.safeParse(pageId).success) return readers;
    const chain = await this.repo.chain(pageId);
    if (!chain[0]) return readers;
    const chainIds = chain.map((p) => p.id);
    for (let i = 0; i < userIds.length; i += READER_CHECKS_AT_ONCE) {
      const batch = userIds.slice(i, i + READER_CHECKS_AT_ONCE);
      const contexts = await Promise.all(batch.map((userId) => this.principalContext({ kind: 'user', userId, name: '' }, [chain[0]!.workspaceId], chainIds)));
      batch.forEach((userId, j) => contexts[j] && accessFromChain(chain, contexts[j]) && readers.add(userId));
    }
    return readers;
  }

  // What the rules need to know about a principal for pages in these workspaces and chains, or null
  // when its session has ended.
  private async principalContext(principal: Principal, workspaceIds: string[], chainIds: string[]): Promise<PrincipalContext | null> {
    if (principal.kind === 'user') {
      if (principal.sessionId && !(await this.repo.sessionActive(principal.sessionId, new Date()))) return null;
      const workspaceRoles = await this.repo.workspaceRoles(principal.userId, workspaceIds);
      // Shares top out at editor, so they only matter below that baseline.
      const shares: Map<string, PageShareRole> = [...workspaceRoles.values()].includes('guest') ? await this.repo.sharesOn(principal.userId, chainIds) : new Map();
      return { kind: 'user', workspaceRoles, shares };
    }
    const link = await this.repo.findActiveLink(principal.shareLinkId);
    return { kind: 'link', link: link && link.pageId === principal.pageId ? link : null };
  }

  // Where a new page may go (POST /pages, imports): edit access on its parent, or at the workspace
  // root a full member (guests only work inside what is shared with them). The role the person will
  // have on the new page. `field` names the parent id in a 400.
  async requirePlacement(principal: Principal, userId: string, workspaceId: string, parentId: string | null, field: string): Promise<PageAccessRole> {
    if (parentId) {
      const parent = await this.pageAccess(principal, parentId);
      if (!parent || parent.workspaceId !== workspaceId) {
        if (!(await this.workspaceRole(userId, workspaceId))) throw ApiError.notFound('Workspace');
        throw ApiError.validation({ [field]: 'is not a page of this workspace' });
      }
      if (parent.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
      if (!roleAtLeast(parent.role, 'editor')) throw ApiError.forbidden('You need edit access to the parent page to add pages under it.');
      return parent.role;
    }
    const role = await this.workspaceRole(userId, workspaceId);
    if (!role) throw ApiError.notFound('Workspace');
    if (role === 'guest') throw ApiError.forbidden('Guests can only add pages inside pages shared with them.');
    return role === 'member' ? 'editor' : 'full_access';
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

  // Who reads a workspace's tree: their workspace role (pass it when already read) and, for a guest,
  // the pages shared with them. Read once per tree, for treeStarts and treeRoles both.
  async treeViewer(userId: string, workspaceId: string, workspaceRole?: WorkspaceRole | null): Promise<TreeViewer> {
    const role = workspaceRole === undefined ? await this.repo.workspaceRole(userId, workspaceId) : workspaceRole;
    const shares = role === 'guest' ? await this.repo.sharesInWorkspace(userId, workspaceId) : new Map<string, PageShareRole>();
    return { workspaceRole: role, shares };
  }

  // Where a person's page tree starts: null for the workspace's members (every page is theirs to
  // list), the pages shared with them for a guest (who reads those and what is below them).
  treeStarts(viewer: TreeViewer): string[] | null {
    return viewer.workspaceRole === 'guest' ? [...viewer.shares.keys()] : null;
  }

  // Roles on every given live page of a workspace for one user (pages they can't see are absent).
  async treeRoles(userId: string, workspaceId: string, pages: readonly TreeNode[], viewer?: TreeViewer): Promise<Map<string, PageAccessRole>> {
    const { workspaceRole, shares } = viewer ?? (await this.treeViewer(userId, workspaceId));
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
