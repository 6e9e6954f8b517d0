import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '../jobs/job.types.js';
import { traceCarrier } from '../tracing/tracing.js';

// A failed persist (Postgres away) retries every second for ten minutes, so persistence catches up
// within a second of the database coming back; the stream keeps every update meanwhile.
const RETRY = { attempts: 600, backoff: { type: 'fixed', delay: 1000 } } as const;

// Adds persist and snapshot jobs. Both are deduplicated per page with keepLastIfActive: a job added
// while one is waiting is absorbed by it (it will read the stream when it runs), and one added while
// it runs is kept and runs after it, so no update is ever left unpersisted and two merges of the
// same page never run at once.
@Injectable()
export class PersistQueueRepository {
  constructor(@InjectQueue(QueueName.Documents) private readonly queue: Queue) {}

  async persist(pageId: string, delayMs: number): Promise<void> {
    // A deduplicated add keeps the first job's data: the worker's span joins the trace of the
    // update that queued the job, the one whose wait it measures.
    const trace = traceCarrier();
    const data: JobPayloads[JobName.PersistPage] = trace ? { pageId, trace } : { pageId };
    await this.queue.add(JobName.PersistPage, data, {
      delay: delayMs,
      deduplication: { id: `persist:${pageId}`, keepLastIfActive: true },
      ...RETRY,
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  async snapshot(pageId: string): Promise<void> {
    const data: JobPayloads[JobName.SnapshotPage] = { pageId };
    await this.queue.add(JobName.SnapshotPage, data, {
      deduplication: { id: `snapshot:${pageId}`, keepLastIfActive: true },
      ...RETRY,
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  // The database projection of a page whose database part changed (see DatabaseProjection). A
  // projection reads the persisted document when it runs, so one waiting job covers every persist
  // before it.
  async projectDatabase(pageId: string): Promise<void> {
    const data: JobPayloads[JobName.ProjectDatabase] = { pageId };
    await this.queue.add(JobName.ProjectDatabase, data, {
      deduplication: { id: `database-project:${pageId}`, keepLastIfActive: true },
      ...RETRY,
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }
}
