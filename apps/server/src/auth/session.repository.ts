import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';
import type { Session, User } from '../generated/prisma/client.js';

@Injectable()
export class SessionRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: { userId: string; tokenHash: string; expiresAt: Date; userAgent: string | null; ip: string | null }): Promise<Session> {
    return this.prisma.session.create({ data });
  }

  // The live session for a token hash, with its user; null if unknown, revoked or expired.
  async findActive(tokenHash: string, now: Date): Promise<(Session & { user: User }) | null> {
    const session = await this.prisma.session.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!session || session.revokedAt || session.expiresAt <= now) return null;
    return session;
  }

  async isActive(id: string, now: Date): Promise<boolean> {
    const n = await this.prisma.session.count({ where: { id, revokedAt: null, expiresAt: { gt: now } } });
    return n > 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.session.update({ where: { id }, data: { lastSeenAt: at } });
  }

  listActive(userId: string, now: Date): Promise<Session[]> {
    return this.prisma.session.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
    });
  }

  // Revokes one of the user's sessions; false if it is not theirs or already gone.
  async revoke(userId: string, id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.session.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: at } });
    return count > 0;
  }

  async revokeAllExcept(userId: string, keepId: string | null, at: Date): Promise<number> {
    const { count } = await this.prisma.session.updateMany({
      where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
      data: { revokedAt: at },
    });
    return count;
  }
}
