import type { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

// A maintenance job that runs every `every` ms on a BullMQ job scheduler (one schedule in Redis
// however many workers run; the first run right away), or no schedule at all when `enabled` is
// false (a scheduler left by an earlier configuration is removed). Not awaited: with Redis away
// at start the worker must still boot; the call completes when Redis is back (BullMQ's connection
// retries forever), and a failure is logged.
export function scheduleRecurring(
  queue: Queue,
  job: { id: string; name: string; every: number; enabled: boolean; keep?: { completed: number | boolean; failed: number } },
  logger: Logger,
  what: string,
): void {
  const keep = job.keep ?? { completed: true, failed: 100 };
  const scheduled = job.enabled
    ? queue.upsertJobScheduler(job.id, { every: job.every }, { name: job.name, data: {}, opts: { removeOnComplete: keep.completed, removeOnFail: keep.failed } })
    : queue.removeJobScheduler(job.id);
  scheduled.catch((err: unknown) => logger.warn(`Could not schedule ${what}: ${(err as Error).message}`));
}
