import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { AuditLogController } from './audit-log.controller.js';
import { AuditLogRepository } from './audit-log.repository.js';
import { AuditLogService } from './audit-log.service.js';

// The audit log viewer's API (Settings → Audit log): owners and admins read, filter and export.
@Module({ imports: [AuthModule, AccessModule], controllers: [AuditLogController], providers: [AuditLogRepository, AuditLogService] })
export class AuditLogModule {}
