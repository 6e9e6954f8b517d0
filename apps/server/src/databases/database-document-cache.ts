import type * as Y from 'yjs';

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
export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  take(pageId: string): CachedDocument | undefined {
    const entry = this.entries.get(pageId);
    if (entry) {
      this.entries.delete(pageId);
      this.total -= entry.bytes;
    }
    return entry;
  }

  // Keeps `entry` as the page's newest use; one bigger than the whole bound is not kept.
  put(pageId: string, entry: CachedDocument): void {
    this.drop(pageId);
    if (entry.bytes > this.maxBytes) return void entry.doc.destroy();
    this.entries.set(pageId, entry);
    this.total += entry.bytes;
    for (const id of this.entries.keys()) {
      if (this.total <= this.maxBytes) break;
      this.drop(id);
    }
  }

  drop(pageId: string): void {
    this.take(pageId)?.doc.destroy();
  }

  get size(): { pages: number; bytes: number } {
    return { pages: this.entries.size, bytes: this.total };
  }
}
