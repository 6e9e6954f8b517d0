import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/env.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { treeChanged } from '../events/realtime-channels.js';
import { TrashRepository } from '../pages/trash.repository.js';
import { JobName, QueueName } from './job.types.js';
import { scheduleRecurring } from './recurring-job.js';

const SCHEDULER_ID = 'trash-empty';
const BATCH = 100;

// The trash empties itself (issue 18): a BullMQ job scheduler runs the job every
// TRASH_EMPTY_INTERVAL_MS (once per interval however many workers run; the first right away), and
// the job deletes for good what was trashed more than TRASH_RETENTION_DAYS ago, one trashed root
// (with its sub-pages) per transaction. 0 days keeps the trash until an admin empties it.
@Injectable()
export class TrashRetention implements OnApplicationBootstrap {
  private readonly logger = new Logger(TrashRetention.name);

  constructor(
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
    private readonly trash: TrashRepository,
    private readonly after: AfterCommit,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    scheduleRecurring(
      this.queue,
      { id: SCHEDULER_ID, name: JobName.EmptyTrash, every: this.config.TRASH_EMPTY_INTERVAL_MS, enabled: this.config.TRASH_RETENTION_DAYS !== 0 },
      this.logger,
      'emptying the trash',
    );
  }

  async empty(now = new Date()): Promise<{ pages: number }> {
    const days = this.config.TRASH_RETENTION_DAYS;
    if (days === 0) return { pages: 0 };
    const before = new Date(now.getTime() - days * 86_400_000);
    let pages = 0;
    for (;;) {
      const roots = await this.trash.expiredRoots(before, BATCH);
      for (const root of roots) {
        const purged = await this.trash.purge(root, before);
        if (!purged) continue;
        pages += purged.pages;
        await this.after.run({
          audit: { action: 'page.purged', targetType: 'page', targetId: root.id, workspaceId: root.workspaceId, actorId: null, metadata: { pages: purged.pages, retentionDays: days } },
          publish: [treeChanged(root.workspaceId)],
        });
      }
      if (roots.length < BATCH) break;
    }
    if (pages) this.logger.log(`Deleted ${pages} page(s) trashed more than ${days} days ago`);
    return { pages };
  }
}
