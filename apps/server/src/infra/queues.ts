import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '../config/env.js';

// One enum of queue names; each queue's jobs and payloads are declared beside their processor.
export enum QueueName {
  Documents = 'documents',
}

export const bullRoot = BullModule.forRootAsync({
  inject: [AppConfig],
  useFactory: (config: AppConfig) => ({
    // BullMQ's workers block on Redis and must retry forever, hence maxRetriesPerRequest: null.
    connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
    prefix: `${config.REDIS_PREFIX}:bull`,
  }),
});

export const documentsQueue = BullModule.registerQueue({ name: QueueName.Documents });
