import { Injectable } from '@nestjs/common';
import { CollabErrorCode, streamIdAtLeast } from '@tandem/protocol';
import { AppConfig } from '../config/env.js';
import { CollabFailure } from './collab-failure.js';

// What one stream entry costs Redis beyond its update bytes (id, field name, listpack overhead),
// roughly; it also bounds the number of entries tracked here.
const ENTRY_OVERHEAD = 100;

interface Backlog {
  ids: string[];
  sizes: number[];
  head: number;
  // Appended and not yet saved, plus reserved by updates still on their way to the stream (a burst
  // of updates all passes the check before the first XADD returns).
  bytes: number;
  inflight: number;
}

// The quota on a page's un-persisted backlog (issue 11, item 6). When the worker falls behind or
// is down, the stream of a busy page would grow until Redis runs out of memory, which stops every
// page at once. Instead, each instance counts the bytes it appended to a page since the last
// "saved up to X" it heard, and refuses updates beyond COLLAB_MAX_BACKLOG_BYTES with a retryable
// service_unavailable: the client keeps them and re-sends once saving has caught up. Counted in
// memory per instance (no Redis call on the hot path), so N instances allow up to N quotas.
@Injectable()
export class BacklogQuota {
  private readonly pages = new Map<string, Backlog>();

  constructor(private readonly config: AppConfig) {}

  // Before an update goes to the stream: refuses it beyond the quota, else reserves its bytes. An
  // update into an empty backlog always passes, so one bigger than the quota is not refused forever.
  reserve(pageId: string, bytes: number): void {
    let backlog = this.pages.get(pageId);
    const cost = bytes + ENTRY_OVERHEAD;
    if (backlog && backlog.bytes + backlog.inflight > 0 && backlog.bytes + backlog.inflight + cost > this.config.COLLAB_MAX_BACKLOG_BYTES) {
      throw new CollabFailure(
        CollabErrorCode.ServiceUnavailable,
        'Saving has fallen behind on this page; your edits are kept and sent again once it catches up.',
      );
    }
    if (!backlog) this.pages.set(pageId, (backlog = { ids: [], sizes: [], head: 0, bytes: 0, inflight: 0 }));
    backlog.inflight += cost;
  }

  // The reserved update is in the stream as `id`.
  added(pageId: string, id: string, bytes: number): void {
    const backlog = this.pages.get(pageId);
    if (!backlog) return;
    const cost = bytes + ENTRY_OVERHEAD;
    backlog.inflight -= cost;
    backlog.ids.push(id);
    backlog.sizes.push(cost);
    backlog.bytes += cost;
  }

  // The reserved update was not stored.
  released(pageId: string, bytes: number): void {
    const backlog = this.pages.get(pageId);
    if (backlog) backlog.inflight -= bytes + ENTRY_OVERHEAD;
  }

  // Everything up to `upTo` is in Postgres (a "saved" event, or a handshake's row).
  saved(pageId: string, upTo: string): void {
    const backlog = this.pages.get(pageId);
    if (!backlog) return;
    while (backlog.head < backlog.ids.length && streamIdAtLeast(upTo, backlog.ids[backlog.head]!)) {
      backlog.bytes -= backlog.sizes[backlog.head]!;
      backlog.head += 1;
    }
    if (backlog.head === backlog.ids.length && backlog.inflight <= 0) this.pages.delete(pageId);
    else if (backlog.head > 1024 && backlog.head * 2 > backlog.ids.length) {
      backlog.ids = backlog.ids.slice(backlog.head);
      backlog.sizes = backlog.sizes.slice(backlog.head);
      backlog.head = 0;
    }
  }

  // The page closed here, or Redis lost its entries.
  forget(pageIds: readonly string[] | 'all'): void {
    if (pageIds === 'all') this.pages.clear();
    else for (const pageId of pageIds) this.pages.delete(pageId);
  }
}
