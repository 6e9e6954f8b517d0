import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { QueueName } from '../infra/queues.js';
import { DocumentPersistService } from './document-persist.service.js';
import { DocumentJob, type PersistJobData, type SnapshotJobData } from './persist-jobs.js';

// Runs the documents queue in the worker process. Failures throw, so BullMQ retries them.
@Processor(QueueName.Documents)
export class DocumentsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly documents: DocumentPersistService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Different pages persist in parallel; one page never does (keepLastIfActive deduplication).
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job<PersistJobData | SnapshotJobData>): Promise<unknown> {
    switch (job.name as DocumentJob) {
      case DocumentJob.Persist:
        return this.documents.persist(job.data.pageId);
      case DocumentJob.Snapshot:
        return this.documents.snapshot(job.data.pageId);
      default:
        throw new Error(`Unknown documents job ${job.name}`);
    }
  }
}
