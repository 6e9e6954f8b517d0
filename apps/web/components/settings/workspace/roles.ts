import type { AssignableWorkspaceRole } from '@tandem/protocol';

export const ASSIGNABLE: AssignableWorkspaceRole[] = ['admin', 'member', 'guest'];
export const ROLE_HELP: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin · manages members, sees every page',
  member: 'Member · edits every page',
  guest: 'Guest · sees only pages shared with them',
};

export const roleLabel = (role: string): string => role[0]!.toUpperCase() + role.slice(1);
