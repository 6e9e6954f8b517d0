import { z } from 'zod';
import { ApiLimits, Email, Id, type Timestamp } from './common.js';
import { WorkspaceRole } from './roles.js';
import { defineRoute } from './route.js';

const WorkspaceName = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(ApiLimits.workspaceNameMax, { error: `must be at most ${ApiLimits.workspaceNameMax} characters` });

// Roles that can be given by invitation or role change; ownership moves only by transfer.
export const AssignableWorkspaceRole = z.enum(['admin', 'member', 'guest'], { error: 'must be admin, member or guest' });
export type AssignableWorkspaceRole = z.infer<typeof AssignableWorkspaceRole>;

// POST /workspaces → 201 WorkspaceView. PATCH /workspaces/:id → 200 WorkspaceView (owner/admin).
export const CreateWorkspaceBody = z.strictObject({ name: WorkspaceName });
export type CreateWorkspaceBody = z.input<typeof CreateWorkspaceBody>;
export const RenameWorkspaceBody = z.strictObject({ name: WorkspaceName });
export type RenameWorkspaceBody = z.input<typeof RenameWorkspaceBody>;

// PATCH /workspaces/:id/settings → 200 WorkspaceView (owner/admin; audited). Fields left out stay.
export const WorkspaceSettingsBody = z.strictObject({
  // Whether public links show the page's comment threads (default true).
  commentsOnPublicLinks: z.boolean({ error: 'must be true or false' }).optional(),
});
export type WorkspaceSettingsBody = z.input<typeof WorkspaceSettingsBody>;

// POST /workspaces/:id/invitations → 201 InvitationView (owner/admin). An address that already has
// an account is invited too: it joins when that person accepts (GET /invitations) or logs in.
export const InviteBody = z.strictObject({ email: Email, role: AssignableWorkspaceRole });
export type InviteBody = z.input<typeof InviteBody>;

// PATCH /workspaces/:id/members/:userId → 200 MemberView (owner/admin; only an owner touches admins).
export const ChangeMemberRoleBody = z.strictObject({ role: AssignableWorkspaceRole });
export type ChangeMemberRoleBody = z.input<typeof ChangeMemberRoleBody>;

// POST /workspaces/:id/transfer → 200 MembersResponse (owner only): the target becomes owner, the
// caller becomes admin.
export const TransferOwnershipBody = z.strictObject({ userId: Id });
export type TransferOwnershipBody = z.input<typeof TransferOwnershipBody>;

// GET /workspaces → WorkspaceView[] (the workspaces I am a member of, oldest first).
export interface WorkspaceView {
  id: string;
  name: string;
  role: WorkspaceRole;
  createdAt: Timestamp;
  settings: { commentsOnPublicLinks: boolean };
}

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
  joinedAt: Timestamp;
}

export interface InvitationView {
  id: string;
  workspaceId: string;
  email: string;
  role: WorkspaceRole;
  invitedBy: { id: string; name: string } | null;
  createdAt: Timestamp;
}

// GET /workspaces/:id/members (any member; guests see members but not pending invitations).
export interface MembersResponse {
  members: MemberView[];
  invitations: InvitationView[];
}

// GET /invitations → { invitations } pending for my address. POST /invitations/:id/accept → 200
// WorkspaceView; POST /invitations/:id/decline → 204. Others' invitations: 404.
export interface MyInvitationView extends InvitationView {
  workspaceName: string;
}
export interface MyInvitationsResponse {
  invitations: MyInvitationView[];
}

// The workspace, member and invitation endpoints (see route.ts).
export const WorkspaceRoutes = {
  list: defineRoute<WorkspaceView[]>()({ method: 'GET', path: '/workspaces', response: 'array' }),
  create: defineRoute<WorkspaceView>()({ method: 'POST', path: '/workspaces', body: CreateWorkspaceBody }),
  rename: defineRoute<WorkspaceView>()({ method: 'PATCH', path: '/workspaces/:id', body: RenameWorkspaceBody }),
  updateSettings: defineRoute<WorkspaceView>()({ method: 'PATCH', path: '/workspaces/:id/settings', body: WorkspaceSettingsBody }),
  delete: defineRoute<void>()({ method: 'DELETE', path: '/workspaces/:id' }),
  members: defineRoute<MembersResponse>()({ method: 'GET', path: '/workspaces/:id/members' }),
  invite: defineRoute<InvitationView>()({ method: 'POST', path: '/workspaces/:id/invitations', body: InviteBody }),
  revokeInvitation: defineRoute<void>()({ method: 'DELETE', path: '/workspaces/:id/invitations/:invitationId' }),
  changeRole: defineRoute<MemberView>()({ method: 'PATCH', path: '/workspaces/:id/members/:userId', body: ChangeMemberRoleBody }),
  removeMember: defineRoute<void>()({ method: 'DELETE', path: '/workspaces/:id/members/:userId' }),
  leave: defineRoute<void>()({ method: 'POST', path: '/workspaces/:id/leave', response: 'empty' }),
  transfer: defineRoute<MembersResponse>()({ method: 'POST', path: '/workspaces/:id/transfer', body: TransferOwnershipBody }),
  myInvitations: defineRoute<MyInvitationsResponse>()({ method: 'GET', path: '/invitations' }),
  acceptInvitation: defineRoute<WorkspaceView>()({ method: 'POST', path: '/invitations/:id/accept' }),
  declineInvitation: defineRoute<void>()({ method: 'POST', path: '/invitations/:id/decline', response: 'empty' }),
} as const;
