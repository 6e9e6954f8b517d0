import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { streamIdAtLeast } from '@tandem/protocol';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { PersistBatcher } from './persist-batcher.js';

// A starting worker persists, at once, every page whose stream holds entries after its row's
// persistedUpTo (issue 11, item 2). When a worker is killed mid-job, its jobs stay "active" in
// BullMQ until a stalled check finds their lock gone, which takes two checks after the lock expired;
// meanwhile every new persist job of those pages is held behind them (keepLastIfActive
// deduplication). Measured in collab-chaos: a new worker wrote the pages ~2.4 s after it had booted.
// This pass does not wait for BullMQ: it reads which pages have a backlog and persists them through
// the same batcher and guarded write as a job, so a job that later runs for the same page finds
// nothing to do or is refused as stale and retried (a repeat is harmless, never a double write).
@Injectable()
export class BacklogRecovery implements OnApplicationBootstrap {
  private readonly logger = new Logger(BacklogRecovery.name);

  constructor(
    private readonly stream: DocumentStreamRepository,
    private readonly documents: DocumentRepository,
    private readonly batcher: PersistBatcher,
  ) {}

  onApplicationBootstrap(): void {
    void this.recover();
  }

  async recover(): Promise<number> {
    const started = Date.now();
    let recovered = 0;
    try {
      // Streams written under their pre-cluster names (an upgrade from before issue 20) first, so
      // this pass persists them too.
      const adopted = await this.stream.adoptLegacyStreams();
      if (adopted) this.logger.log(`Moved ${adopted} page stream(s) to their hash-tagged names`);
      // Every page behind first, then all at once: they fall into the batcher's window together and
      // are written in as few statements as a burst of jobs would be.
      const behind: string[] = [];
      for await (const pageIds of this.stream.pagesWithStreams()) {
        const [positions, lastIds] = await Promise.all([this.documents.persistedPositions(pageIds), this.stream.lastIds(pageIds)]);
        behind.push(
          ...pageIds.filter((pageId) => {
            const last = lastIds.get(pageId);
            const upTo = positions.get(pageId);
            // A page that no longer exists is the sweeper's; one with nothing new is done.
            return last && upTo !== undefined && (upTo === null || (last !== upTo && streamIdAtLeast(last, upTo)));
          }),
        );
      }
      const outcomes = await Promise.allSettled(behind.map((pageId) => this.batcher.persist(pageId)));
      recovered = outcomes.filter((o) => o.status === 'fulfilled' && o.value.kind === 'persisted').length;
      if (recovered > 0) this.logger.log(`Persisted the backlog of ${recovered} page(s) at start in ${Date.now() - started} ms`);
    } catch (err) {
      // The queue's jobs still cover these pages; this pass only makes it sooner.
      this.logger.warn(`Backlog recovery at start failed: ${(err as Error).message}`);
    }
    return recovered;
  }
}
