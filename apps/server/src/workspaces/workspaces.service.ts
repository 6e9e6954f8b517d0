import { Injectable } from '@nestjs/common';
import type {
  AssignableWorkspaceRole,
  InvitationView,
  MembersResponse,
  MemberView,
  MyInvitationsResponse,
  WorkspaceRole,
  WorkspaceView,
} from '@tandem/protocol';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { MailService } from '../mail/mail.service.js';
import { NotifyAccessService } from '../notifications/notify-access.service.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { accessChanged, treeChanged } from '../events/realtime-channels.js';
import type { Workspace } from '../generated/prisma/client.js';
import { WorkspaceRepository, type InvitationWithInviter, type MemberWithUser } from './workspace.repository.js';

const MANAGERS: ReadonlySet<WorkspaceRole> = new Set(['owner', 'admin']);

function toWorkspaceView(workspace: Workspace, role: WorkspaceRole): WorkspaceView {
  return { id: workspace.id, name: workspace.name, role, createdAt: workspace.createdAt.toISOString(), settings: { commentsOnPublicLinks: workspace.commentsOnPublicLinks } };
}

function toMemberView(m: MemberWithUser): MemberView {
  return { userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt.toISOString() };
}

function toInvitationView(i: InvitationWithInviter): InvitationView {
  return {
    id: i.id,
    workspaceId: i.workspaceId,
    email: i.email,
    role: i.role,
    invitedBy: i.invitedBy ? { id: i.invitedBy.id, name: i.invitedBy.name } : null,
    createdAt: i.createdAt.toISOString(),
  };
}

// Workspaces, their members and invitations. Non-members get 404 for a workspace (its existence is
// not revealed); members without the right role get 403. Owners and admins manage members; only an
// owner touches admins, deletes the workspace or hands ownership over; the last owner can't leave.
@Injectable()
export class WorkspacesService {
  constructor(
    private readonly repo: WorkspaceRepository,
    private readonly after: AfterCommit,
    private readonly mail: MailService,
    private readonly notify: NotifyAccessService,
  ) {}

  async list(auth: AuthContext): Promise<WorkspaceView[]> {
    const memberships = await this.repo.listForUser(auth.user.id);
    return memberships.map((m) => toWorkspaceView(m.workspace, m.role));
  }

  async create(auth: AuthContext, name: string, client: ClientMeta): Promise<WorkspaceView> {
    const workspace = await this.repo.createWithOwner(name, auth.user.id);
    await this.after.run({ audit: { action: 'workspace.created', targetType: 'workspace', targetId: workspace.id, workspaceId: workspace.id, actorId: auth.user.id, ip: client.ip } });
    return toWorkspaceView(workspace, 'owner');
  }

  async rename(auth: AuthContext, workspaceId: string, name: string, client: ClientMeta): Promise<WorkspaceView> {
    const role = await this.requireRole(auth, workspaceId, MANAGERS);
    const workspace = await this.repo.rename(workspaceId, name);
    await this.after.run({
      audit: { action: 'workspace.renamed', targetType: 'workspace', targetId: workspaceId, workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { name } },
      publish: [treeChanged(workspaceId)],
    });
    return toWorkspaceView(workspace, role);
  }

  // Settings owners and admins change, each change audited with what it set.
  async updateSettings(auth: AuthContext, workspaceId: string, settings: { commentsOnPublicLinks?: boolean | undefined }, client: ClientMeta): Promise<WorkspaceView> {
    const role = await this.requireRole(auth, workspaceId, MANAGERS);
    const changes = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as { commentsOnPublicLinks?: boolean };
    const workspace = await this.repo.updateSettings(workspaceId, changes);
    await this.after.run({
      audit: { action: 'workspace.settings_changed', targetType: 'workspace', targetId: workspaceId, workspaceId, actorId: auth.user.id, ip: client.ip, metadata: changes },
    });
    return toWorkspaceView(workspace, role);
  }

  async delete(auth: AuthContext, workspaceId: string, client: ClientMeta): Promise<void> {
    await this.requireRole(auth, workspaceId, new Set(['owner']));
    await this.repo.delete(workspaceId);
    // The workspace row is gone, so its id goes in the metadata instead of the foreign key.
    await this.after.run({
      audit: { action: 'workspace.deleted', targetType: 'workspace', targetId: workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { workspaceId } },
      publish: [accessChanged({ workspaceId }), treeChanged(workspaceId)],
    });
  }

  async members(auth: AuthContext, workspaceId: string): Promise<MembersResponse> {
    const role = await this.requireMember(auth, workspaceId);
    const [members, invitations] = await Promise.all([
      this.repo.members(workspaceId),
      MANAGERS.has(role) ? this.repo.pendingInvitations(workspaceId) : Promise.resolve([]),
    ]);
    return { members: members.map(toMemberView), invitations: invitations.map(toInvitationView) };
  }

  async invite(auth: AuthContext, workspaceId: string, email: string, role: AssignableWorkspaceRole, client: ClientMeta): Promise<InvitationView> {
    const myRole = await this.requireRole(auth, workspaceId, MANAGERS);
    if (role === 'admin' && myRole !== 'owner') throw ApiError.forbidden('Only an owner can invite admins.');
    if (await this.repo.isMemberEmail(workspaceId, email)) throw ApiError.conflict('That person is already a member of this workspace.');
    const invitation = await this.repo.upsertInvitation(workspaceId, email, role, auth.user.id);
    const workspace = await this.repo.find(workspaceId);
    this.mail.invitation(email, auth.user.name, workspace?.name ?? 'a workspace', role);
    await this.after.run({ audit: { action: 'invitation.created', targetType: 'invitation', targetId: invitation.id, workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { email, role } } });
    await this.notify.invited({ actorId: auth.user.id, invitationId: invitation.id, email });
    return toInvitationView(invitation);
  }

  async revokeInvitation(auth: AuthContext, workspaceId: string, invitationId: string, client: ClientMeta): Promise<void> {
    await this.requireRole(auth, workspaceId, MANAGERS);
    if (!(await this.repo.revokeInvitation(workspaceId, invitationId))) throw ApiError.notFound('Invitation');
    await this.after.run({ audit: { action: 'invitation.revoked', targetType: 'invitation', targetId: invitationId, workspaceId, actorId: auth.user.id, ip: client.ip } });
  }

  async changeRole(auth: AuthContext, workspaceId: string, userId: string, role: AssignableWorkspaceRole, client: ClientMeta): Promise<MemberView> {
    const myRole = await this.requireRole(auth, workspaceId, MANAGERS);
    const target = await this.repo.member(workspaceId, userId);
    if (!target) throw ApiError.notFound('Member');
    if (userId === auth.user.id) throw ApiError.conflict('You cannot change your own role. Transfer ownership or leave instead.');
    if (target.role === 'owner') throw ApiError.conflict("An owner's role changes only by transferring ownership.");
    if (myRole !== 'owner' && (target.role === 'admin' || role === 'admin')) throw ApiError.forbidden('Only an owner can add or change admins.');
    const updated = await this.repo.setRole(workspaceId, userId, role);
    await this.after.run({
      audit: { action: 'member.role_changed', targetType: 'user', targetId: userId, workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { from: target.role, to: role } },
      publish: [accessChanged({ workspaceId, userIds: [userId] })],
    });
    return toMemberView(updated);
  }

  async removeMember(auth: AuthContext, workspaceId: string, userId: string, client: ClientMeta): Promise<void> {
    const myRole = await this.requireRole(auth, workspaceId, MANAGERS);
    const target = await this.repo.member(workspaceId, userId);
    if (!target) throw ApiError.notFound('Member');
    if (userId === auth.user.id) throw ApiError.conflict('To remove yourself, leave the workspace.');
    if (target.role === 'owner') throw ApiError.conflict('An owner cannot be removed. Transfer ownership first.');
    if (target.role === 'admin' && myRole !== 'owner') throw ApiError.forbidden('Only an owner can remove an admin.');
    await this.repo.removeMember(workspaceId, userId, false);
    await this.after.run({
      audit: { action: 'member.removed', targetType: 'user', targetId: userId, workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { role: target.role } },
      publish: [accessChanged({ workspaceId, userIds: [userId] })],
    });
  }

  async leave(auth: AuthContext, workspaceId: string, client: ClientMeta): Promise<void> {
    await this.requireMember(auth, workspaceId);
    if (!(await this.repo.removeMember(workspaceId, auth.user.id, true))) {
      throw ApiError.conflict('You are the last owner. Transfer ownership before leaving (or delete the workspace).');
    }
    await this.after.run({
      audit: { action: 'member.left', targetType: 'user', targetId: auth.user.id, workspaceId, actorId: auth.user.id, ip: client.ip },
      publish: [accessChanged({ workspaceId, userIds: [auth.user.id] })],
    });
  }

  async transfer(auth: AuthContext, workspaceId: string, userId: string, client: ClientMeta): Promise<MembersResponse> {
    await this.requireRole(auth, workspaceId, new Set(['owner']));
    if (userId === auth.user.id) throw ApiError.conflict('You already own this workspace.');
    const target = await this.repo.member(workspaceId, userId);
    if (!target) throw ApiError.notFound('Member');
    await this.repo.transferOwnership(workspaceId, auth.user.id, userId);
    await this.after.run({
      audit: { action: 'workspace.ownership_transferred', targetType: 'user', targetId: userId, workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { previousRole: target.role } },
      publish: [accessChanged({ workspaceId, userIds: [auth.user.id, userId] })],
    });
    return this.members(auth, workspaceId);
  }

  // Invitations go to an address, so they are shown and accepted only once the signed-in person
  // has proven it is theirs (else registering someone's address would capture their invitations).
  async myInvitations(auth: AuthContext): Promise<MyInvitationsResponse> {
    if (!auth.user.emailVerifiedAt) return { invitations: [] };
    const invitations = await this.repo.pendingInvitationsFor(auth.user.email);
    return { invitations: invitations.map((i) => ({ ...toInvitationView(i), workspaceName: i.workspace.name })) };
  }

  async acceptInvitation(auth: AuthContext, invitationId: string, client: ClientMeta): Promise<WorkspaceView> {
    if (!auth.user.emailVerifiedAt) throw ApiError.forbidden('Confirm your email address first: open the link we mailed you (or ask for a new one).');
    const invitation = await this.repo.findPendingInvitation(invitationId, auth.user.email);
    if (!invitation) throw ApiError.notFound('Invitation');
    await this.repo.acceptInvitation(invitation, auth.user.id);
    const member = await this.repo.member(invitation.workspaceId, auth.user.id);
    const workspace = await this.repo.find(invitation.workspaceId);
    if (!member || !workspace) throw ApiError.notFound('Workspace');
    await this.after.run({ audit: { action: 'invitation.accepted', targetType: 'invitation', targetId: invitation.id, workspaceId: workspace.id, actorId: auth.user.id, ip: client.ip } });
    return toWorkspaceView(workspace, member.role);
  }

  async declineInvitation(auth: AuthContext, invitationId: string, client: ClientMeta): Promise<void> {
    const invitation = await this.repo.findPendingInvitation(invitationId, auth.user.email);
    if (!invitation) throw ApiError.notFound('Invitation');
    await this.repo.declineInvitation(invitation.id);
    await this.after.run({ audit: { action: 'invitation.declined', targetType: 'invitation', targetId: invitation.id, workspaceId: invitation.workspaceId, actorId: auth.user.id, ip: client.ip } });
  }

  private async requireMember(auth: AuthContext, workspaceId: string): Promise<WorkspaceRole> {
    const member = await this.repo.member(workspaceId, auth.user.id);
    if (!member) throw ApiError.notFound('Workspace');
    return member.role;
  }

  private async requireRole(auth: AuthContext, workspaceId: string, allowed: ReadonlySet<WorkspaceRole>): Promise<WorkspaceRole> {
    const role = await this.requireMember(auth, workspaceId);
    if (!allowed.has(role)) throw ApiError.forbidden(`Only ${[...allowed].join(' or ')}s of this workspace can do that.`);
    return role;
  }
}
