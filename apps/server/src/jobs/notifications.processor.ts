import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { WORKER_LOCKS } from './documents.processor.js';
import { JobName, QueueName, type JobItem } from './job.types.js';
import { MentionMailService, type MentionMailResult } from './mention-mail.service.js';

// Runs the notifications queue in the worker process: batched mention mails. Failures throw, so
// BullMQ retries them with backoff.
@Processor(QueueName.Notifications, { ...WORKER_LOCKS, concurrency: 4 })
export class NotificationsProcessor extends WorkerHost {
  constructor(private readonly mentions: MentionMailService) {
    super();
  }

  async process(job: Job): Promise<MentionMailResult> {
    const item = { name: job.name, data: job.data as unknown } as JobItem;
    switch (item.name) {
      case JobName.MailMentions:
        return this.mentions.run(item.data.userId);
      default:
        throw new Error(`Unknown notifications job ${job.name}`);
    }
  }
}
