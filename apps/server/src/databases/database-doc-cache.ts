import { Injectable } from '@nestjs/common';
import type * as Y from 'yjs';
import { ByteBoundedCache } from '../common/byte-bounded-cache.js';
import { AppConfig } from '../config/env.js';

// Which persisted state a document is: its persistedUpTo, with the state's size and state vector
// as a second check (Document rows are written only by the guarded persist write, which always
// moves persistedUpTo; the rest guards against anything that ever would not).
export interface PersistedPosition {
  upTo: string;
  size: number;
  stateVector: Uint8Array;
}

// A Document row's position (as the persist reads it: its state's size stored beside it).
export const positionOf = (row: { persistedUpTo: string; size: number; stateVector: Uint8Array }): PersistedPosition => ({ upTo: row.persistedUpTo, size: row.size, stateVector: row.stateVector });

export const samePosition = (a: PersistedPosition, b: PersistedPosition): boolean => a.upTo === b.upTo && a.size === b.size && Buffer.compare(a.stateVector, b.stateVector) === 0;

interface Entry {
  doc: Y.Doc;
  position: PersistedPosition;
}

// The worker's merged document of a database page, kept in memory at the exact persisted position
// it is (issue 17). Applying the whole persisted state into a fresh document was most of a
// projection's CPU (session 13) and then most of a persist's (session 14: ~0.45 s of apply per
// 4 MB of state, on every single-cell edit of a 10,000-row database). The persist keeps the
// document it merged and wrote; the projection that follows reads it; the next persist merges its
// entries into it. One holder at a time: `take` hands the document out and removes it, so a
// document is never written (by a persist merging into it) while anything else reads it; the
// projection gives it back when done (`giveBack`, unless a persist kept a newer one meanwhile).
// A document is used only for the exact persisted position asked for; anything else (evicted,
// another worker persisted since, a restart, a direct write) reads the state from Postgres as
// before. Bounded by the states' bytes (least recently kept first out); a document in memory is
// ~7-11x its state for a database (session 14), so only database pages are kept (a rich-text page's
// state is small and cheap to apply, and its document in memory is ~14-20x its state).
@Injectable()
export class DatabaseDocCache {
  // Evicted documents are not destroyed: nothing holds them, and destroying one is not needed to free it.
  private readonly entries: ByteBoundedCache<Entry>;
  // Pages a persist of this worker is merging: it holds (or is making) the page's next document.
  private readonly merging = new Map<string, Promise<void>>();

  constructor(config: AppConfig) {
    this.entries = new ByteBoundedCache<Entry>(config.PROJECTION_DOC_CACHE_BYTES, (entry) => entry.position.size);
  }

  // The caller no longer writes `doc`: it is the document as persisted at `position`.
  keep(pageId: string, position: PersistedPosition, doc: Y.Doc): void {
    this.entries.put(pageId, { doc, position });
  }

  // The document as persisted at `position`, or null. Only a match is handed out (and then no
  // longer kept): a document at another position may be the one a persist just kept, newer than
  // the position this reader read.
  take(pageId: string, position: PersistedPosition): Y.Doc | null {
    const entry = this.entries.peek(pageId);
    return entry && samePosition(entry.position, position) ? this.entries.take(pageId)!.doc : null;
  }

  // The persist's side: whatever the page's kept document is (its position is checked against the
  // row it reads next); handed out and no longer kept either way.
  takeAny(pageId: string): { doc: Y.Doc; position: PersistedPosition } | null {
    return this.entries.take(pageId) ?? null;
  }

  // A reader that took the document at `position` (unchanged) is done with it: kept again unless
  // the page has a kept document already (a persist that ran meanwhile kept a newer one).
  giveBack(pageId: string, position: PersistedPosition, doc: Y.Doc): void {
    if (this.entries.peek(pageId)) return;
    this.entries.put(pageId, { doc, position });
  }

  // A persist of these pages starts; the returned function ends it. While it runs, a projection of
  // one of them waits (`settled`) rather than missing the document and applying the state itself.
  merge(pageIds: readonly string[]): () => void {
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    for (const pageId of pageIds) this.merging.set(pageId, done);
    return () => {
      for (const pageId of pageIds) if (this.merging.get(pageId) === done) this.merging.delete(pageId);
      end();
    };
  }

  // Resolves once no persist of this worker is merging the page.
  async settled(pageId: string): Promise<void> {
    for (let p = this.merging.get(pageId); p; p = this.merging.get(pageId)) await p;
  }

  drop(pageId: string): void {
    this.entries.drop(pageId);
  }

  get size(): { pages: number; bytes: number } {
    return this.entries.size;
  }
}
