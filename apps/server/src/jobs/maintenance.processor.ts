import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AuditRetention } from './audit-retention.js';
import { TrashRetention } from './trash-retention.js';
import { JobName, QueueName, type JobItem } from './job.types.js';

// Runs the maintenance queue (scheduled housekeeping) in the worker process. Failures throw, so
// BullMQ retries them.
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(
    private readonly retention: AuditRetention,
    private readonly trash: TrashRetention,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const item = { name: job.name, data: job.data as unknown } as JobItem;
    switch (item.name) {
      case JobName.PruneAuditLog:
        return this.retention.prune();
      case JobName.EmptyTrash:
        return this.trash.empty();
      default:
        throw new Error(`Unknown maintenance job ${job.name}`);
    }
  }
}
