import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/env.js';
import type { Link } from '@opentelemetry/api';
import { activeLink, Attr, contextFrom, inHotPathSpan, PERSIST_BATCH_SPAN } from '../tracing/tracing.js';
import { DocumentPersistService, type PersistOutcome } from './document-persist.service.js';

interface Waiter {
  resolve: (outcome: PersistOutcome) => void;
  reject: (err: unknown) => void;
  // The job's span (tracing on): the batch span links to every job it writes.
  link: Link | null;
}

// Gathers the persist jobs the worker holds into batches: the first job of a batch waits up to
// PERSIST_BATCH_WINDOW_MS for others (or until WORKER_CONCURRENCY pages are waiting, when no more
// can arrive), then all of them are merged and written together. Each job still succeeds or fails
// on its own page's outcome, so BullMQ's per-page deduplication and retries are unchanged; a batch
// that fails as a whole (Postgres away) fails every job in it, and each retries. A page whose batch
// is still being written waits for it before its next batch: read before that write commits, the
// next merge would only repeat it and be refused as stale (a wasted statement).
@Injectable()
export class PersistBatcher {
  private pending = new Map<string, Waiter[]>();
  private readonly writing = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly documents: DocumentPersistService,
    private readonly config: AppConfig,
  ) {}

  persist(pageId: string): Promise<PersistOutcome> {
    const link = activeLink();
    return new Promise<PersistOutcome>((resolve, reject) => {
      const waiters = this.pending.get(pageId);
      if (waiters) waiters.push({ resolve, reject, link });
      else this.pending.set(pageId, [{ resolve, reject, link }]);
      if (this.pending.size >= this.config.WORKER_CONCURRENCY) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.config.PERSIST_BATCH_WINDOW_MS);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = new Map<string, Waiter[]>();
    for (const [pageId, waiters] of this.pending) if (!this.writing.has(pageId)) batch.set(pageId, waiters);
    if (batch.size === 0) return;
    for (const pageId of batch.keys()) {
      this.pending.delete(pageId);
      this.writing.add(pageId);
    }
    // A span for a sampled share of the batches, of its own trace (it serves many), linked to each
    // traced job's span; the other batches' Postgres and Redis calls run untraced.
    const links = [...batch.values()].flatMap((waiters) => waiters.flatMap((w) => (w.link ? [w.link] : [])));
    inHotPathSpan(PERSIST_BATCH_SPAN, { [Attr.BatchPages]: batch.size }, () => this.documents.persistMany([...batch.keys()]), { parent: contextFrom(undefined), links })
      .then(
        (outcomes) => {
          for (const [pageId, waiters] of batch) for (const w of waiters) w.resolve(outcomes.get(pageId)!);
        },
        (err: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
        },
      )
      .finally(() => {
        for (const pageId of batch.keys()) this.writing.delete(pageId);
        // Pages that waited for this write go in the next batch.
        if ([...this.pending.keys()].some((pageId) => !this.writing.has(pageId))) this.timer ??= setTimeout(() => this.flush(), 0);
      });
  }
}
