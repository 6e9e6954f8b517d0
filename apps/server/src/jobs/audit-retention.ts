import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AuditLogRepository } from '../audit/audit-log.repository.js';
import { AppConfig } from '../config/env.js';
import { JobName, QueueName } from './job.types.js';
import { scheduleRecurring } from './recurring-job.js';

const SCHEDULER_ID = 'audit-prune';

// Audit log retention: a BullMQ job scheduler runs the prune job every AUDIT_PRUNE_INTERVAL_MS
// (once per interval however many workers run; the first right away), and the job deletes the
// entries older than AUDIT_RETENTION_DAYS. 0 days keeps everything (the scheduler is removed).
@Injectable()
export class AuditRetention implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditRetention.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly repo: AuditLogRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    scheduleRecurring(
      this.queue,
      { id: SCHEDULER_ID, name: JobName.PruneAuditLog, every: this.config.AUDIT_PRUNE_INTERVAL_MS, enabled: this.config.AUDIT_RETENTION_DAYS !== 0 },
      this.logger,
      'audit log retention',
    );
  }

  async prune(): Promise<{ deleted: number }> {
    const days = this.config.AUDIT_RETENTION_DAYS;
    if (days === 0) return { deleted: 0 };
    const deleted = await this.repo.deleteOlderThan(new Date(Date.now() - days * 86_400_000));
    if (deleted) this.logger.log(`Deleted ${deleted} audit log entries older than ${days} days`);
    return { deleted };
  }
}
