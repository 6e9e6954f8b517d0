import { z } from 'zod';

// A member's role in a workspace. Owners and admins manage members and see every page; members
// edit every page of the workspace (Notion-like); guests see only what is shared with them.
export const WorkspaceRole = z.enum(['owner', 'admin', 'member', 'guest']);
export type WorkspaceRole = z.infer<typeof WorkspaceRole>;

// Roles that can be given to one person on one page (and its descendants), or to a public link.
export const PageShareRole = z.enum(['viewer', 'commenter', 'editor']);
export type PageShareRole = z.infer<typeof PageShareRole>;

// Someone's effective role on a page, strongest first. `full_access` = workspace owner/admin:
// may also share, move, trash, restore and delete. Computed by the server's AccessService only.
export const PageAccessRole = z.enum(['full_access', 'editor', 'commenter', 'viewer']);
export type PageAccessRole = z.infer<typeof PageAccessRole>;

const RANK: Record<PageAccessRole, number> = { viewer: 1, commenter: 2, editor: 3, full_access: 4 };

// True when `role` is at least `required` (full_access > editor > commenter > viewer).
export function roleAtLeast(role: PageAccessRole | null | undefined, required: PageAccessRole): boolean {
  return role != null && RANK[role] >= RANK[required];
}

// The stronger of two roles (null = no access).
export function strongerRole(a: PageAccessRole | null, b: PageAccessRole | null): PageAccessRole | null {
  if (a == null) return b;
  if (b == null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

// May this role change the page's document (send Yjs updates)?
export function canEditDocument(role: PageAccessRole | null | undefined): boolean {
  return roleAtLeast(role, 'editor');
}

// May this role comment on the page?
export function canComment(role: PageAccessRole | null | undefined): boolean {
  return roleAtLeast(role, 'commenter');
}
