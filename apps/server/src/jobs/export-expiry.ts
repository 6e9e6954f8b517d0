import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { FileStorage } from '../files/file-storage.js';
import { TransferRepository } from '../transfers/transfer.repository.js';
import { JobName, QueueName } from './job.types.js';
import { scheduleRecurring } from './recurring-job.js';

const SCHEDULER_ID = 'exports-expire';
const BATCH = 100;

export interface ExportSweep {
  expired: number;
  // Files storage refused to delete this run: their rows keep the key, so the next run tries again.
  kept: number;
}

// Finished exports expire (issue 16): EXPORT_RETENTION_DAYS after an export finished its download
// answers 410 (the row's expiresAt), and this sweep, every EXPORT_SWEEP_INTERVAL_MS on the files
// queue, deletes the file from storage and then marks the row `expired`. The file goes before the
// row forgets its key: a crash or a storage error between leaves a row that still names its file,
// found again next run, never a file nobody names. Idempotent: a marked row is not found again, and
// deleting a file already gone is not an error for either storage driver.
@Injectable()
export class ExportExpiry implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExportExpiry.name);

  constructor(
    @InjectQueue(QueueName.Files) private readonly queue: Queue,
    private readonly transfers: TransferRepository,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Rows keep the date they were given, so the sweep runs even with retention off (0) now.
    scheduleRecurring(
      this.queue,
      { id: SCHEDULER_ID, name: JobName.ExpireExports, every: this.config.EXPORT_SWEEP_INTERVAL_MS, enabled: true, keep: { completed: 10, failed: 50 } },
      this.logger,
      'the expired-export sweep',
    );
  }

  async sweep(now = new Date()): Promise<ExportSweep> {
    const result: ExportSweep = { expired: 0, kept: 0 };
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.transfers.expiredExports(now, afterId, BATCH);
      for (const row of batch) {
        try {
          await this.storage.delete(row.storageKey);
        } catch (err) {
          result.kept += 1;
          this.logger.warn(`Could not delete the file of expired export ${row.id} (next run tries again): ${(err as Error).message}`);
          continue;
        }
        if (await this.transfers.markExpired(row.id, row.storageKey)) result.expired += 1;
      }
      if (batch.length < BATCH) break;
      afterId = batch[batch.length - 1]!.id;
    }
    if (result.expired || result.kept) this.logger.log(`Expired ${result.expired} export(s)${result.kept ? `; ${result.kept} file(s) kept for the next run` : ''}`);
    return result;
  }
}
