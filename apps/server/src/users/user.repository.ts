import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';
import type { User } from '../generated/prisma/client.js';

@Injectable()
export class UserRepository {
  constructor(private readonly prisma: PrismaService) {}

  findById(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { email } });
  }

  // Null when the address is taken (unique violation), so concurrent sign-ups can't both win.
  async create(data: { email: string; name: string; passwordHash: string }): Promise<User | null> {
    try {
      return await this.prisma.user.create({ data });
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') return null;
      throw err;
    }
  }

  setProfile(id: string, profile: { name?: string | undefined; theme?: string | undefined }): Promise<User> {
    return this.prisma.user.update({ where: { id }, data: { ...(profile.name !== undefined ? { name: profile.name } : {}), ...(profile.theme !== undefined ? { theme: profile.theme } : {}) } });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.prisma.user.update({ where: { id }, data: { passwordHash } });
  }

  // Swaps a hash for a stronger one of the same password, unless the password changed meanwhile.
  async replacePasswordHash(id: string, previous: string, passwordHash: string): Promise<void> {
    await this.prisma.user.updateMany({ where: { id, passwordHash: previous }, data: { passwordHash } });
  }

  // Workspaces where this user is the only owner while someone else is still a member: deleting
  // the account would leave them ownerless.
  async soleOwnedSharedWorkspaces(userId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ workspaceId: string }>>`
      SELECT m."workspaceId"::text AS "workspaceId"
      FROM "WorkspaceMember" m
      WHERE m."userId" = ${userId}::uuid AND m.role = 'owner'
        AND NOT EXISTS (SELECT 1 FROM "WorkspaceMember" o WHERE o."workspaceId" = m."workspaceId" AND o.role = 'owner' AND o."userId" <> m."userId")
        AND EXISTS (SELECT 1 FROM "WorkspaceMember" x WHERE x."workspaceId" = m."workspaceId" AND x."userId" <> m."userId")`;
    return rows.map((r) => r.workspaceId);
  }

  // Deletes the account and the workspaces only they belong to; everything else referencing the
  // user cascades or is set null by the schema's foreign keys.
  async deleteWithSoloWorkspaces(userId: string): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const solo = await tx.$queryRaw<Array<{ workspaceId: string }>>`
        SELECT m."workspaceId"::text AS "workspaceId" FROM "WorkspaceMember" m
        WHERE m."userId" = ${userId}::uuid
          AND NOT EXISTS (SELECT 1 FROM "WorkspaceMember" x WHERE x."workspaceId" = m."workspaceId" AND x."userId" <> m."userId")`;
      const ids = solo.map((r) => r.workspaceId);
      if (ids.length) await tx.workspace.deleteMany({ where: { id: { in: ids } } });
      await tx.user.delete({ where: { id: userId } });
      return ids;
    });
  }

  // Once an address is proven (verification or reset link): marks it verified, joins every
  // workspace with an open invitation for it and binds the pages shared with it while it was
  // unproven, in one transaction. Returns the workspaces joined or touched.
  async verifyAndClaim(userId: string, email: string, at: Date): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      await tx.user.updateMany({ where: { id: userId, emailVerifiedAt: null }, data: { emailVerifiedAt: at } });
      const joined = await acceptInvitations(tx, userId, email);
      const pending = await tx.pendingShare.findMany({ where: { email }, include: { page: { select: { workspaceId: true } } } });
      for (const share of pending) {
        const { workspaceId } = share.page;
        // Shares only count for members: someone outside the workspace joins it as a guest.
        await tx.workspaceMember.upsert({ where: { workspaceId_userId: { workspaceId, userId } }, create: { workspaceId, userId, role: 'guest' }, update: {} });
        await tx.pageShare.upsert({
          where: { pageId_userId: { pageId: share.pageId, userId } },
          create: { pageId: share.pageId, userId, role: share.role, createdById: share.createdById },
          update: {},
        });
        joined.push(workspaceId);
      }
      await tx.pendingShare.deleteMany({ where: { email } });
      return [...new Set(joined)];
    });
  }

  // Joins every workspace with an open invitation for this address; only for a verified address
  // (log-in of a verified account). An existing membership is kept; the invitation is accepted.
  acceptPendingInvitations(userId: string, email: string): Promise<string[]> {
    return this.prisma.$transaction((tx) => acceptInvitations(tx, userId, email));
  }
}

type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

async function acceptInvitations(tx: Tx, userId: string, email: string): Promise<string[]> {
  const pending = await tx.invitation.findMany({ where: { email, acceptedAt: null, revokedAt: null } });
  for (const invitation of pending) {
    await tx.workspaceMember.upsert({
      where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId } },
      create: { workspaceId: invitation.workspaceId, userId, role: invitation.role },
      update: {},
    });
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } });
  }
  return pending.map((i) => i.workspaceId);
}
