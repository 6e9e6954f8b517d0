import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '../jobs/job.types.js';

// Adds transfer jobs. One attempt: an import commits in one transaction, and running it again after
// an unclear failure could create its pages twice; a failed transfer says why and is started anew.
@Injectable()
export class TransferQueueRepository {
  constructor(@InjectQueue(QueueName.Transfers) private readonly queue: Queue) {}

  async add(name: JobName.RunImport | JobName.RunExport, data: JobPayloads[JobName.RunImport]): Promise<void> {
    await this.queue.add(name, data, { jobId: data.transferId, attempts: 1, removeOnComplete: 100, removeOnFail: 100 });
  }
}
