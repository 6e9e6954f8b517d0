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

export const samePosition = (a: PersistedPosition, b: PersistedPosition): boolean => a.upTo === b.upTo && a.size === b.size && Buffer.compare(a.stateVector, b.stateVector) === 0;

interface Entry {
  doc: Y.Doc;
  position: PersistedPosition;
}

// The worker's merged document of a database page, kept from its persist to its projection
// (issue 17): applying the whole persisted state again was most of a projection's CPU (55 s of
// 372 s in a 20,000-row profile). A document is handed out once (`take`) and never written after
// it was kept, and only for the exact persisted position asked for; anything else (evicted, another
// worker persisted since, a restart) reads the state from Postgres as before. Bounded by the
// states' bytes (least recently kept first out); a document in memory is several times its state.
@Injectable()
export class DatabaseDocCache {
  // Evicted documents are not destroyed: the persist that kept one may still be reading it.
  private readonly entries: ByteBoundedCache<Entry>;

  constructor(config: AppConfig) {
    this.entries = new ByteBoundedCache<Entry>(config.PROJECTION_DOC_CACHE_BYTES, (entry) => entry.position.size);
  }

  keep(pageId: string, position: PersistedPosition, doc: Y.Doc): void {
    this.entries.put(pageId, { doc, position });
  }

  // The document as persisted at `position`, or null; either way the page's entry is gone after.
  take(pageId: string, position: PersistedPosition): Y.Doc | null {
    const entry = this.entries.take(pageId);
    return entry && samePosition(entry.position, position) ? entry.doc : null;
  }

  drop(pageId: string): void {
    this.entries.drop(pageId);
  }

  get size(): { pages: number; bytes: number } {
    return this.entries.size;
  }
}
