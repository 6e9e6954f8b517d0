import { Processor, WorkerHost } from '@nestjs/bullmq';
import { type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { DatabaseProjection } from '../databases/database-projection.service.js';
import { PersistMetrics } from '../metrics/persist.metrics.js';
import { type PersistOutcome } from './document-persist.service.js';
import { DocumentSnapshotService } from './document-snapshot.service.js';
import { JobName, QueueName, type JobItem } from './job.types.js';
import { PersistBatcher } from './persist-batcher.js';
import { Attr, inJobSpan } from '../tracing/tracing.js';

// How fast the jobs of a killed worker run again (issue 11, item 2). BullMQ's defaults (a 30 s
// lock, a stalled check every 30 s) left a killed worker's pages unsaved for ~50 s. A job's lock now
// lives 4 s (renewed every 2 s while it runs) and every worker checks for stalled jobs every second,
// so a dead worker's job runs again at most ~lock + 2 checks after the kill: a new worker, which
// needs 1.5–2 s to boot, persists its pages within ~4.5 s of starting. A worker that is alive but
// starved longer than the lock (measured: a cold start on a box with load 36 on 2 cores) can lose a
// job to another run: harmless, a persist is idempotent (stream read afresh, guarded write; the
// slower write is refused as stale and retried). A stalled job is re-run up to 20 times rather
// than once: failing it would leave its page unsaved until the next update or join.
export const WORKER_LOCKS = { lockDuration: 4000, stalledInterval: 1000, maxStalledCount: 20 } as const;

// Runs the documents queue in the worker process. Failures throw, so BullMQ retries them.
@Processor(QueueName.Documents, WORKER_LOCKS)
export class DocumentsProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly snapshots: DocumentSnapshotService,
    private readonly batcher: PersistBatcher,
    private readonly config: AppConfig,
    private readonly projection: DatabaseProjection,
    private readonly metrics: PersistMetrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // The worker holds this many jobs at once; the persist jobs among them are written as one batch
    // (PersistBatcher). One page never runs twice at once (keepLastIfActive deduplication).
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job): Promise<unknown> {
    // BullMQ types a job by its queue, not its name; the name is what narrows the payload.
    const item = { name: job.name, data: job.data as unknown } as JobItem;
    switch (item.name) {
      case JobName.PersistPage:
        // In the trace of the update that queued the job, when that update was traced; ends when its
        // batch is written. A job queued by an untraced update makes no span.
        return inJobSpan('persist.page', { [Attr.PageId]: item.data.pageId }, item.data.trace, async (span) => {
          const outcome = await this.persist(item.data.pageId);
          span.set({ [Attr.Outcome]: outcome.kind, ...(outcome.kind === 'persisted' ? { [Attr.PersistUpdates]: outcome.updates } : {}) });
          return outcome;
        });
      case JobName.SnapshotPage:
        return this.snapshots.snapshot(item.data.pageId);
      case JobName.ProjectDatabase: {
        const outcome = await this.projection.project(item.data.pageId);
        if (outcome.kind === 'projected') this.metrics.projections.inc({ mode: outcome.mode });
        return outcome;
      }
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
