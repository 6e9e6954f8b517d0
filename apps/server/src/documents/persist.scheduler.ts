import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import { captureContext, runInContext } from '../tracing/tracing.js';
import { PersistQueueRepository } from './persist-queue.repository.js';
import type { Context } from '@opentelemetry/api';

// How long a stopping server waits to queue its pending persist jobs.
const SHUTDOWN_QUEUE_MS = 3000;

interface PageSchedule {
  timer: NodeJS.Timeout;
  // An update arrived after the job for this interval was queued.
  dirty: boolean;
  // The trace context of the latest such update (tracing on): the interval's job joins its trace.
  context: Context | null;
}

// Decides in memory, without a Redis call per update, when a page's persist job is queued: at
// most once per PERSIST_INTERVAL_MS per page. The first update of a quiet page queues a job delayed
// by the interval (the durable backstop: it survives this process); updates arriving during an
// interval only mark the page dirty, and the interval's end queues one job, due at once, for them.
// So a busy page is written about once per interval and an update waits at most about one.
@Injectable()
export class PersistScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(PersistScheduler.name);
  private readonly pages = new Map<string, PageSchedule>();

  constructor(
    private readonly queue: PersistQueueRepository,
    private readonly config: AppConfig,
  ) {}

  // Call after an update is in the page's stream.
  touch(pageId: string): void {
    const scheduled = this.pages.get(pageId);
    if (scheduled) {
      scheduled.dirty = true;
      scheduled.context = captureContext();
      return;
    }
    this.enqueue(pageId);
    const entry: PageSchedule = { dirty: false, context: null, timer: setTimeout(() => this.intervalEnded(pageId), this.config.PERSIST_INTERVAL_MS) };
    entry.timer.unref();
    this.pages.set(pageId, entry);
  }

  private intervalEnded(pageId: string): void {
    const entry = this.pages.get(pageId);
    if (!entry) return;
    if (!entry.dirty) {
      this.pages.delete(pageId);
      return;
    }
    entry.dirty = false;
    // Due now: the updates of the interval that just ended have waited long enough. If the first
    // job has not run yet, this add is absorbed by it; if it is running, it runs right after.
    runInContext(entry.context, () => this.enqueue(pageId, 0));
    entry.context = null;
    entry.timer = setTimeout(() => this.intervalEnded(pageId), this.config.PERSIST_INTERVAL_MS);
    entry.timer.unref();
  }

  private enqueue(pageId: string, delay = this.config.PERSIST_INTERVAL_MS): void {
    this.queue.persist(pageId, delay).catch((err: unknown) => {
      // Redis is away: the updates are in the stream; the next join or update of the page queues
      // the job again (a join with unpersisted entries always does).
      this.logger.warn(`Could not queue the persist job of page ${pageId}: ${(err as Error).message}`);
    });
  }

  // On a clean stop, queue the pending pages now instead of waiting for their timers, for at most
  // SHUTDOWN_QUEUE_MS: with Redis away the adds would wait for it forever. A page left out is
  // queued again by its next join (its entries are in the stream) or was never acked.
  async onApplicationShutdown(): Promise<void> {
    const dirty = [...this.pages].filter(([, e]) => e.dirty).map(([pageId]) => pageId);
    for (const entry of this.pages.values()) clearTimeout(entry.timer);
    this.pages.clear();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'gave_up'>((resolve) => (timer = setTimeout(() => resolve('gave_up'), SHUTDOWN_QUEUE_MS)));
    const outcome = await Promise.race([Promise.allSettled(dirty.map((pageId) => this.queue.persist(pageId, 0))), gaveUp]);
    clearTimeout(timer);
    if (outcome === 'gave_up') this.logger.warn(`Stopped without queueing the persist jobs of ${dirty.length} page(s): Redis did not answer`);
  }
}
