import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { TransferRunner } from '../transfers/transfer-runner.service.js';
import { WORKER_LOCKS } from './documents.processor.js';
import { JobName, QueueName, type JobItem } from './job.types.js';

// Runs the transfers queue in the worker process: imports and exports, one at a time per worker
// (each holds a zip's contents in memory). Unexpected failures throw (the row says why first).
@Processor(QueueName.Transfers, { ...WORKER_LOCKS, concurrency: 1 })
export class TransfersProcessor extends WorkerHost {
  constructor(private readonly runner: TransferRunner) {
    super();
  }

  async process(job: Job): Promise<void> {
    const item = { name: job.name, data: job.data as unknown } as JobItem;
    switch (item.name) {
      case JobName.RunImport:
      case JobName.RunExport:
        return this.runner.run(item.data.transferId);
      default:
        throw new Error(`Unknown transfers job ${job.name}`);
    }
  }
}
