import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import { PrismaService } from '../infra/prisma.service.js';
import { PersistMetrics } from '../metrics/persist.metrics.js';
import { untraced } from '../tracing/tracing.js';

// The search index (GIN over each page's vector) takes new entries into a pending list, and the
// statement that finds the list past gin_pending_list_limit (4 MB) merges all of it into the index
// itself. That statement is a persist write: with long pages, one batch write in every
// ~750 rows took 0.2–0.7 s instead of 15–30 ms (docs/BENCHMARKS.md), holding every page of
// the batch from "Saved" and from search. So the worker merges the list every SEARCH_INDEX_FLUSH_MS
// (gin_clean_pending_list, which concurrent writes do not wait for), and no write finds it full.
// It also keeps the list short for searches, which read all of it. One worker at a time (an advisory
// lock held for the statement); with no worker running, writers fall back to merging it themselves.
const INDEX = '"PageSearch_workspaceId_vector_idx"';
// pg_try_advisory_xact_lock's key: "search-index flush".
const LOCK_KEY = 0x5ea4c4f1;

@Injectable()
export class SearchIndexFlusher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SearchIndexFlusher.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly metrics: PersistMetrics,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.SEARCH_INDEX_FLUSH_MS === 0) return;
    this.timer = setInterval(() => void this.flush(), this.config.SEARCH_INDEX_FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  // One merge at a time: a tick that finds the last one still running skips.
  flush(): Promise<void> {
    this.running ??= untraced(() => this.merge()).finally(() => (this.running = null));
    return this.running;
  }

  private async merge(): Promise<void> {
    const started = performance.now();
    try {
      const [row] = await this.prisma.$queryRawUnsafe<{ pages: number | null }[]>(
        `SELECT CASE WHEN pg_try_advisory_xact_lock(${LOCK_KEY}) THEN gin_clean_pending_list('${INDEX}'::regclass) END::int AS pages`,
      );
      if (row?.pages == null) return;
      this.metrics.searchIndexFlushed.inc(row.pages);
      this.metrics.searchIndexFlushSeconds.observe((performance.now() - started) / 1000);
    } catch (err) {
      // Not the index's owner (a database user that did not run the migrations): stop trying; writes
      // merge the list themselves, as before.
      if (/must be owner/i.test((err as Error).message) && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.logger.warn(`The search index's pending list is merged by writes: ${(err as Error).message}`);
        return;
      }
      this.logger.warn(`Could not merge the search index's pending list: ${(err as Error).message}`);
    }
  }
}
