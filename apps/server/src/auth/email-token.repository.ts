import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';
import type { EmailTokenPurpose } from '../generated/prisma/client.js';

// Emailed single-use tokens (only their SHA-256 is stored). Issuing a new one retires the
// person's earlier unused ones of the same purpose, so only the newest link works.
@Injectable()
export class EmailTokenRepository {
  constructor(private readonly prisma: PrismaService) {}

  async issue(input: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date }): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.emailToken.deleteMany({ where: { userId: input.userId, purpose: input.purpose, usedAt: null } }),
      this.prisma.emailToken.create({ data: input }),
    ]);
  }

  // Marks the token used and returns its user, in one statement: two clicks racing on the same
  // link can't both get through. Null when unknown, used, expired or for another purpose.
  async consume(tokenHash: string, purpose: EmailTokenPurpose, now: Date): Promise<string | null> {
    const rows = await this.prisma.$queryRaw<Array<{ userId: string }>>`
      UPDATE "EmailToken" SET "usedAt" = ${now}
      WHERE "tokenHash" = ${tokenHash} AND purpose = ${purpose}::"EmailTokenPurpose" AND "usedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "userId"::text AS "userId"`;
    return rows[0]?.userId ?? null;
  }
}
