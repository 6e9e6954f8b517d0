import { strongerRole, type PageAccessRole, type PageShareRole, type WorkspaceRole } from '@tandem/protocol';

// The permission rules, as pure functions so they are the same for one page and for a whole tree.
//  - owner / admin: full_access on every page of the workspace (trashed ones too, to restore them);
//  - member: editor on every page (Notion-like: the workspace is shared by its members);
//  - guest: only what is shared with them;
//  - a share on a page or any ancestor grants its role to the page; the strongest grant wins;
//  - trashed pages are visible to full_access holders only.

export function baselineRole(workspaceRole: WorkspaceRole | null): PageAccessRole | null {
  switch (workspaceRole) {
    case 'owner':
    case 'admin':
      return 'full_access';
    case 'member':
      return 'editor';
    default:
      return null;
  }
}

// `chain` is the page then its ancestors up to the root; `shares` maps page id → the user's share role.
export function resolvePageRole(input: {
  workspaceRole: WorkspaceRole | null;
  chainIds: string[];
  shares: ReadonlyMap<string, PageShareRole>;
  trashed: boolean;
}): PageAccessRole | null {
  // Shares only count for people still in the workspace; removing a member removes their access.
  if (input.workspaceRole == null) return null;
  let role = baselineRole(input.workspaceRole);
  for (const id of input.chainIds) role = strongerRole(role, input.shares.get(id) ?? null);
  if (input.trashed && role !== 'full_access') return null;
  return role;
}

export interface TreeNode {
  id: string;
  parentId: string | null;
}

// Roles for every page of one workspace's (live) tree in one pass from the roots down.
export function resolveTreeRoles(
  pages: readonly TreeNode[],
  workspaceRole: WorkspaceRole | null,
  shares: ReadonlyMap<string, PageShareRole>,
): Map<string, PageAccessRole> {
  const roles = new Map<string, PageAccessRole>();
  if (workspaceRole == null) return roles;
  const baseline = baselineRole(workspaceRole);
  const children = new Map<string | null, TreeNode[]>();
  const ids = new Set(pages.map((p) => p.id));
  for (const page of pages) {
    // A parent outside the list (trashed separately) makes the page a root of what we walk.
    const parent = page.parentId && ids.has(page.parentId) ? page.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(page);
    children.set(parent, list);
  }
  const stack: Array<{ node: TreeNode; inherited: PageAccessRole | null }> = (children.get(null) ?? []).map((node) => ({ node, inherited: baseline }));
  while (stack.length) {
    const { node, inherited } = stack.pop()!;
    const role = strongerRole(inherited, shares.get(node.id) ?? null);
    if (role) roles.set(node.id, role);
    for (const child of children.get(node.id) ?? []) stack.push({ node: child, inherited: role });
  }
  return roles;
}
