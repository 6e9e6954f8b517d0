import type * as Y from 'yjs';
import { ByteBoundedCache } from '../common/byte-bounded-cache.js';

// A database page's document as this process last read it, and how far that read reached.
export interface CachedDocument {
  doc: Y.Doc;
  // The persisted state it holds (the Document row's persistedUpTo when it was read or caught up).
  persistedUpTo: string | null;
  // The last stream entry after persistedUpTo applied to `doc`; null: `doc` is exactly that
  // persisted state (nothing after it applied).
  lastEntryId: string | null;
  // Stream ids of updates this process stored and had already applied to `doc` (a REST edit),
  // beyond lastEntryId: the next catch-up must find each of them in the stream.
  ahead: string[];
  // Encoded bytes read into `doc` (state + entries): what the cache's bound counts.
  bytes: number;
}

// Recently read database documents, least recently used first, bounded by the bytes read into
// them. An entry in use is taken out (`take`) and put back when it is done with, so eviction never
// destroys a document someone holds.
export class DocumentCache extends ByteBoundedCache<CachedDocument> {
  constructor(maxBytes: number) {
    super(maxBytes, (entry) => entry.bytes, (entry) => entry.doc.destroy());
  }
}
