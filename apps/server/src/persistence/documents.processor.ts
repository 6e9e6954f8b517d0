import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { QueueName } from '../infra/queues.js';
import { DocumentPersistService, type PersistOutcome } from './document-persist.service.js';
import { PersistBatcher } from './persist-batcher.js';
import { DocumentJob, type PersistJobData, type SnapshotJobData } from './persist-jobs.js';

// Runs the documents queue in the worker process. Failures throw, so BullMQ retries them.
@Processor(QueueName.Documents)
export class DocumentsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly documents: DocumentPersistService,
    private readonly batcher: PersistBatcher,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // The worker holds this many jobs at once; the persist jobs among them are written as one batch
    // (PersistBatcher). One page never runs twice at once (keepLastIfActive deduplication).
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job<PersistJobData | SnapshotJobData>): Promise<unknown> {
    switch (job.name as DocumentJob) {
      case DocumentJob.Persist:
        return this.persist(job.data.pageId);
      case DocumentJob.Snapshot:
        return this.documents.snapshot(job.data.pageId);
      default:
        throw new Error(`Unknown documents job ${job.name}`);
    }
  }

  private async persist(pageId: string): Promise<PersistOutcome> {
    const outcome = await this.batcher.persist(pageId);
    // Thrown so BullMQ retries; the retry starts from the newer row.
    if (outcome.kind === 'stale') throw new Error(`persistedUpTo of page ${pageId} moved during the merge; retrying`);
    return outcome;
  }
}
