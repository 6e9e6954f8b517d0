import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { RedisService } from '../infra/redis.service.js';
import { type PersistOutcome } from './document-persist.service.js';
import { DocumentSnapshotService } from './document-snapshot.service.js';
import { JobName, QueueName, type JobItem } from './job.types.js';
import { PersistBatcher } from './persist-batcher.js';

// Runs the documents queue in the worker process. Failures throw, so BullMQ retries them.
@Processor(QueueName.Documents)
export class DocumentsProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly snapshots: DocumentSnapshotService,
    private readonly batcher: PersistBatcher,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // The worker holds this many jobs at once; the persist jobs among them are written as one batch
    // (PersistBatcher). One page never runs twice at once (keepLastIfActive deduplication).
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  // A clean stop finishes the jobs in hand, but with Redis away their completion would wait for it
  // forever: stop at once instead. Those jobs stay active in Redis and BullMQ runs them again once
  // their lock expires (a persist is idempotent: guarded write, stream read afresh).
  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis.client.status !== 'ready') await this.worker.close(true);
  }

  async process(job: Job): Promise<unknown> {
    // BullMQ types a job by its queue, not its name; the name is what narrows the payload.
    const item = { name: job.name, data: job.data as unknown } as JobItem;
    switch (item.name) {
      case JobName.PersistPage:
        return this.persist(item.data.pageId);
      case JobName.SnapshotPage:
        return this.snapshots.snapshot(item.data.pageId);
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
