import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { WORKER_LOCKS } from './documents.processor.js';
import { ExportExpiry, type ExportSweep } from './export-expiry.js';
import { FileOrphansService, type OrphanSweep } from './file-orphans.service.js';
import { JobName, QueueName, type JobItem } from './job.types.js';
import { scheduleRecurring } from './recurring-job.js';

// Runs the files queue in the worker process: the orphan collection (and the expired-export sweep,
// export-expiry.ts, which schedules itself), on a BullMQ job scheduler
// (one schedule in Redis however many workers run, so one sweep at a time per interval).
// Failures throw, so BullMQ retries them.
@Processor(QueueName.Files, { ...WORKER_LOCKS, concurrency: 1 })
export class FilesProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(FilesProcessor.name);

  constructor(
    private readonly orphans: FileOrphansService,
    private readonly exports: ExportExpiry,
    @InjectQueue(QueueName.Files) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    scheduleRecurring(
      this.queue,
      { id: JobName.CollectOrphanFiles, name: JobName.CollectOrphanFiles, every: this.config.STORAGE_ORPHAN_SWEEP_MS, enabled: true, keep: { completed: 10, failed: 50 } },
      this.logger,
      'the orphaned-file collection',
    );
  }

  async process(job: Job): Promise<OrphanSweep | ExportSweep> {
    const item = { name: job.name, data: job.data as unknown } as JobItem;
    switch (item.name) {
      case JobName.CollectOrphanFiles:
        return this.orphans.collect();
      case JobName.ExpireExports:
        return this.exports.sweep();
      default:
        throw new Error(`Unknown files job ${job.name}`);
    }
  }
}
