import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { JobName, QueueName, type JobPayloads } from '../jobs/job.types.js';

// Schedules a person's mention mail. Deduplicated per person while it waits: the first mention
// starts the delay and later ones join that mail (the job reads what is pending when it runs). A
// mention that lands while the job runs queues one more run (keepLastIfActive), so none is missed.
@Injectable()
export class MentionMailQueueRepository {
  constructor(
    @InjectQueue(QueueName.Notifications) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async schedule(userId: string): Promise<void> {
    const data: JobPayloads[JobName.MailMentions] = { userId };
    await this.queue.add(JobName.MailMentions, data, {
      delay: this.config.MENTION_MAIL_DELAY_MS,
      deduplication: { id: `mention-mail:${userId}`, keepLastIfActive: true },
      attempts: 20,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }
}
