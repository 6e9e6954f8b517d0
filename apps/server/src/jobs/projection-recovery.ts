import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseMetaRepository } from '../databases/database-meta.repository.js';
import { PersistQueueRepository } from '../documents/persist-queue.repository.js';

// A starting worker queues the projection of every live database whose projection is behind its
// persisted document (issue 17). A persist queues its projection only after its write commits: a
// worker killed in between leaves the document saved and no job to project it, and nothing else
// would until the next edit of that database. (A projection queued and then interrupted is BullMQ's
// to run again; queueing it here as well is harmless, the jobs are deduplicated per page.)
@Injectable()
export class ProjectionRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProjectionRecovery.name);

  constructor(
    private readonly meta: DatabaseMetaRepository,
    private readonly queue: PersistQueueRepository,
  ) {}

  onApplicationBootstrap(): void {
    void this.recover();
  }

  async recover(): Promise<number> {
    try {
      const behind = await this.meta.behind();
      await Promise.all(behind.map((pageId) => this.queue.projectDatabase(pageId)));
      if (behind.length) this.logger.log(`Queued the projection of ${behind.length} database(s) behind their document at start`);
      return behind.length;
    } catch (err) {
      // The next edit of each database queues it again; this pass only covers the crash window.
      this.logger.warn(`Projection recovery at start failed: ${(err as Error).message}`);
      return 0;
    }
  }
}
