import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  actorId?: string | null;
  workspaceId?: string | null;
  ip?: string | null;
  metadata?: Prisma.InputJsonValue;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(entry: AuditEntry): Promise<void> {
    await this.prisma.auditLog.create({ data: entry });
  }
}
