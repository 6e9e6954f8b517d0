import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../infra/queues.js';
import { DocumentJob, type PersistJobData, type SnapshotJobData } from './persist-jobs.js';

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
    const data: PersistJobData = { pageId };
    await this.queue.add(DocumentJob.Persist, data, {
      delay: delayMs,
      deduplication: { id: `persist:${pageId}`, keepLastIfActive: true },
      ...RETRY,
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  async snapshot(pageId: string): Promise<void> {
    const data: SnapshotJobData = { pageId };
    await this.queue.add(DocumentJob.Snapshot, data, {
      deduplication: { id: `snapshot:${pageId}`, keepLastIfActive: true },
      ...RETRY,
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }
}
