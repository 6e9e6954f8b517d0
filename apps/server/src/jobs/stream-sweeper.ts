import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { streamIdAtLeast } from '@tandem/protocol';
import { AppConfig } from '../config/env.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';

// Keeps Redis memory bounded by what is not yet persisted (issue 11, item 6). A persist run trims
// only entries older than the margin, so a page that goes quiet kept its last margin of entries
// forever, and a deleted page (or a deleted account's pages) kept its whole stream. Every
// STREAM_SWEEP_INTERVAL_MS the worker walks the page streams: a stream whose page no longer exists
// is deleted; any other loses its persisted entries older than the margin, except the one at the
// row's persistedUpTo, which the next persist reads to tell that Redis lost nothing meanwhile
// (stream-continuity.ts). So a quiet page costs Redis one entry.
@Injectable()
export class StreamSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StreamSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly stream: DocumentStreamRepository,
    private readonly documents: DocumentRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.STREAM_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<{ removed: number; trimmed: number }> {
    if (this.running) return { removed: 0, trimmed: 0 };
    this.running = true;
    let removed = 0;
    let trimmed = 0;
    try {
      for await (const pageIds of this.stream.pagesWithStreams()) {
        const pages = await this.documents.persistedPositions(pageIds);
        const oldest = `${Math.max(0, Date.now() - this.config.PERSIST_TRIM_MARGIN_MS)}-0`;
        await Promise.all(
          pageIds.map(async (pageId) => {
            if (!pages.has(pageId)) {
              await this.stream.remove(pageId);
              removed += 1;
              return;
            }
            const upTo = pages.get(pageId);
            // No row yet (nothing persisted): nothing may go.
            if (!upTo || upTo === '0-0') return;
            trimmed += await this.stream.trimBefore(pageId, streamIdAtLeast(oldest, upTo) ? upTo : oldest);
          }),
        );
      }
    } catch (err) {
      this.logger.warn(`Stream sweep failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
    return { removed, trimmed };
  }
}
