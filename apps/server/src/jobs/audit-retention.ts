import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AuditLogRepository } from '../audit/audit-log.repository.js';
import { AppConfig } from '../config/env.js';
import { JobName, QueueName } from './job.types.js';

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

  // Not awaited: with Redis away at start the worker must still boot (the call completes when
  // Redis is back; BullMQ's connection retries forever).
  onApplicationBootstrap(): void {
    const days = this.config.AUDIT_RETENTION_DAYS;
    const scheduled =
      days === 0
        ? this.queue.removeJobScheduler(SCHEDULER_ID)
        : this.queue.upsertJobScheduler(SCHEDULER_ID, { every: this.config.AUDIT_PRUNE_INTERVAL_MS }, { name: JobName.PruneAuditLog, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
    scheduled.catch((err: unknown) => this.logger.warn(`Could not schedule audit log retention: ${(err as Error).message}`));
  }

  async prune(): Promise<{ deleted: number }> {
    const days = this.config.AUDIT_RETENTION_DAYS;
    if (days === 0) return { deleted: 0 };
    const deleted = await this.repo.deleteOlderThan(new Date(Date.now() - days * 86_400_000));
    if (deleted) this.logger.log(`Deleted ${deleted} audit log entries older than ${days} days`);
    return { deleted };
  }
}
