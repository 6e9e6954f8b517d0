import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '../config/env.js';
import { QueueName } from '../jobs/job.types.js';
import { RedisService } from './redis.service.js';

// The API + Socket.IO process only adds jobs. Its connection is RedisService's, not BullMQ's own:
// on shutdown BullMQ QUITs its connections, and a QUIT behind adds queued while Redis is down waits
// forever, where RedisService disconnects a connection that is down.
export const bullRoot = BullModule.forRootAsync({
  inject: [AppConfig, RedisService],
  useFactory: (config: AppConfig, redis: RedisService) => ({
    connection: redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false }),
    prefix: bullPrefix(config),
  }),
});

// BullMQ's keys are `<prefix>:<queue>:...` and its scripts touch several keys of a queue at once: on
// a cluster the prefix is one hash tag, so every queue's keys share a slot (as BullMQ requires). One
// Redis keeps the name it always had, so jobs queued before an upgrade are still found.
export function bullPrefix(config: AppConfig): string {
  return config.REDIS_CLUSTER ? `{${config.REDIS_PREFIX}:bull}` : `${config.REDIS_PREFIX}:bull`;
}

// The worker process: BullMQ owns its connections (its workers block on Redis, finish the job in
// hand on shutdown, and must retry forever, hence maxRetriesPerRequest: null). On a cluster it is
// handed a cluster connection (RedisService closes it), which it duplicates for its blocking reads.
export const workerBullRoot = BullModule.forRootAsync({
  inject: [AppConfig, RedisService],
  useFactory: (config: AppConfig, redis: RedisService) => ({
    connection: config.REDIS_CLUSTER
      ? redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false })
      : { url: config.REDIS_URL, maxRetriesPerRequest: null },
    prefix: bullPrefix(config),
  }),
});

export const documentsQueue = BullModule.registerQueue({ name: QueueName.Documents });
export const filesQueue = BullModule.registerQueue({ name: QueueName.Files });

// Housekeeping on a schedule (audit log retention), apart from the documents queue: its repeat
// jobs never sit among (or delay, or count as) persist jobs.
// Notification emails, apart from persist jobs (a burst of mentions never delays a save).
export const notificationsQueue = BullModule.registerQueue({ name: QueueName.Notifications });

export const maintenanceQueue = BullModule.registerQueue({ name: QueueName.Maintenance });

// Imports and exports (issue 16): long jobs, apart from persist jobs so they never delay a save.
export const transfersQueue = BullModule.registerQueue({ name: QueueName.Transfers });
