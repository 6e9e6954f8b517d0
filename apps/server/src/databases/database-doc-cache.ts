import { Injectable } from '@nestjs/common';
import type * as Y from 'yjs';
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
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly config: AppConfig) {}

  keep(pageId: string, position: PersistedPosition, doc: Y.Doc): void {
    this.drop(pageId);
    if (position.size > this.config.PROJECTION_DOC_CACHE_BYTES) return;
    this.entries.set(pageId, { doc, position });
    this.bytes += position.size;
    for (const [id, entry] of this.entries) {
      if (this.bytes <= this.config.PROJECTION_DOC_CACHE_BYTES) break;
      this.entries.delete(id);
      this.bytes -= entry.position.size;
    }
  }

  // The document as persisted at `position`, or null; either way the page's entry is gone after.
  take(pageId: string, position: PersistedPosition): Y.Doc | null {
    const entry = this.entries.get(pageId);
    this.drop(pageId);
    return entry && samePosition(entry.position, position) ? entry.doc : null;
  }

  drop(pageId: string): void {
    const entry = this.entries.get(pageId);
    if (!entry) return;
    this.entries.delete(pageId);
    this.bytes -= entry.position.size;
  }

  get size(): { pages: number; bytes: number } {
    return { pages: this.entries.size, bytes: this.bytes };
  }
}
