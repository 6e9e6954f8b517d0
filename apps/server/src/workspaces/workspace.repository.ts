import { Injectable } from '@nestjs/common';
import type { WorkspaceRole } from '@tandem/protocol';
import { PrismaService } from '../infra/prisma.service.js';
import type { Invitation, User, Workspace, WorkspaceMember } from '../generated/prisma/client.js';

export type MemberWithUser = WorkspaceMember & { user: Pick<User, 'id' | 'name' | 'email'> };
export type InvitationWithInviter = Invitation & { invitedBy: Pick<User, 'id' | 'name'> | null };

const inviter = { select: { id: true, name: true } } as const;

@Injectable()
export class WorkspaceRepository {
  constructor(private readonly prisma: PrismaService) {}

  listForUser(userId: string): Promise<Array<WorkspaceMember & { workspace: Workspace }>> {
    return this.prisma.workspaceMember.findMany({ where: { userId }, include: { workspace: true }, orderBy: { workspace: { createdAt: 'asc' } } });
  }

  find(id: string): Promise<Workspace | null> {
    return this.prisma.workspace.findUnique({ where: { id } });
  }

  createWithOwner(name: string, ownerId: string): Promise<Workspace> {
    return this.prisma.workspace.create({ data: { name, members: { create: { userId: ownerId, role: 'owner' } } } });
  }

  rename(id: string, name: string): Promise<Workspace> {
    return this.prisma.workspace.update({ where: { id }, data: { name } });
  }

  updateSettings(id: string, settings: { commentsOnPublicLinks?: boolean }): Promise<Workspace> {
    return this.prisma.workspace.update({ where: { id }, data: settings });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.workspace.delete({ where: { id } });
  }

  member(workspaceId: string, userId: string): Promise<MemberWithUser | null> {
    return this.prisma.workspaceMember.findUnique({
      where: { workspaceId_userId: { workspaceId, userId } },
      include: { user: { select: { id: true, name: true, email: true } } },
    });
  }

  members(workspaceId: string): Promise<MemberWithUser[]> {
    return this.prisma.workspaceMember.findMany({
      where: { workspaceId },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: 'asc' },
    });
  }

  async isMemberEmail(workspaceId: string, email: string): Promise<boolean> {
    return (await this.prisma.workspaceMember.count({ where: { workspaceId, user: { email } } })) > 0;
  }

  pendingInvitations(workspaceId: string): Promise<InvitationWithInviter[]> {
    return this.prisma.invitation.findMany({
      where: { workspaceId, acceptedAt: null, revokedAt: null },
      include: { invitedBy: inviter },
      orderBy: { createdAt: 'asc' },
    });
  }

  // One invitation row per (workspace, address): inviting again re-opens and updates it.
  upsertInvitation(workspaceId: string, email: string, role: WorkspaceRole, invitedById: string): Promise<InvitationWithInviter> {
    return this.prisma.invitation.upsert({
      where: { workspaceId_email: { workspaceId, email } },
      create: { workspaceId, email, role, invitedById },
      update: { role, invitedById, acceptedAt: null, revokedAt: null, createdAt: new Date() },
      include: { invitedBy: inviter },
    });
  }

  async revokeInvitation(workspaceId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.invitation.updateMany({ where: { id, workspaceId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    return count > 0;
  }

  pendingInvitationsFor(email: string): Promise<Array<InvitationWithInviter & { workspace: Workspace }>> {
    return this.prisma.invitation.findMany({
      where: { email, acceptedAt: null, revokedAt: null },
      include: { invitedBy: inviter, workspace: true },
      orderBy: { createdAt: 'asc' },
    });
  }

  findPendingInvitation(id: string, email: string): Promise<Invitation | null> {
    return this.prisma.invitation.findFirst({ where: { id, email, acceptedAt: null, revokedAt: null } });
  }

  // Accepting joins with the invited role, unless already a member (then the membership stays).
  async acceptInvitation(invitation: Invitation, userId: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.workspaceMember.upsert({
        where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId } },
        create: { workspaceId: invitation.workspaceId, userId, role: invitation.role },
        update: {},
      }),
      this.prisma.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } }),
    ]);
  }

  async declineInvitation(id: string): Promise<void> {
    await this.prisma.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
  }

  async setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<MemberWithUser> {
    return this.prisma.workspaceMember.update({
      where: { workspaceId_userId: { workspaceId, userId } },
      data: { role },
      include: { user: { select: { id: true, name: true, email: true } } },
    });
  }

  // Removes a membership and the page shares that came with it, in one transaction. With
  // `keepAnOwner`, refuses (returns false) when it would leave the workspace without an owner; the
  // owner rows are locked first so two owners leaving at once can't both succeed.
  async removeMember(workspaceId: string, userId: string, keepAnOwner: boolean): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      if (keepAnOwner) {
        const owners = await tx.$queryRaw<Array<{ userId: string }>>`
          SELECT "userId"::text AS "userId" FROM "WorkspaceMember" WHERE "workspaceId" = ${workspaceId}::uuid AND role = 'owner' FOR UPDATE`;
        if (owners.length === 1 && owners[0]!.userId === userId) return false;
      }
      await tx.pageShare.deleteMany({ where: { userId, page: { workspaceId } } });
      const { count } = await tx.workspaceMember.deleteMany({ where: { workspaceId, userId } });
      return count > 0;
    });
  }

  // The target becomes an owner and the current owner an admin, atomically.
  async transferOwnership(workspaceId: string, fromUserId: string, toUserId: string): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.workspaceMember.update({ where: { workspaceId_userId: { workspaceId, userId: toUserId } }, data: { role: 'owner' } }),
      this.prisma.workspaceMember.update({ where: { workspaceId_userId: { workspaceId, userId: fromUserId } }, data: { role: 'admin' } }),
    ]);
  }
}
