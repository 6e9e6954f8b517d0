import { Injectable } from '@nestjs/common';
import { type PersistedPosition, samePosition } from './database-doc-cache.js';

// Beyond this many rows touched since the last projection, projecting every row is as cheap.
const MAX_ROWS = 5_000;
// Pages followed; one forgotten is projected in full next time.
const MAX_PAGES = 10_000;

interface Span {
  // The persisted positions the span runs between: the persistedUpTo it starts from, and the whole
  // position it ends at (with the state's size and vector: a Document row rewritten without moving
  // persistedUpTo, which no persist does, still breaks the chain).
  from: string;
  to: PersistedPosition;
  // The rows whose entries changed in between; null: not known (the schema changed, too many).
  rows: Set<string> | null;
}

// Which rows of a database page this worker's persists changed since a persisted position, so
// that the projection re-projects only those (issue 17). A span grows only by a persist that
// started exactly where it ends, so it never misses an edit: a persist this worker did not see
// (another worker, before a restart) breaks the chain, and the projection, finding no span from
// the position it last projected, projects every row.
@Injectable()
export class DatabaseChanges {
  private readonly spans = new Map<string, Span>();

  // A persist wrote `to` over `from` (null: the page had no Document row); `rows`: the rows its
  // entries changed, null when that is not enough to know (the schema changed).
  persisted(pageId: string, from: PersistedPosition | null, to: PersistedPosition, rows: ReadonlySet<string> | null): void {
    const span = this.spans.get(pageId);
    this.spans.delete(pageId);
    if (span && from !== null && samePosition(span.to, from)) {
      span.to = to;
      if (span.rows && rows) for (const id of rows) span.rows.add(id);
      else span.rows = null;
      if (span.rows && span.rows.size > MAX_ROWS) span.rows = null;
      this.spans.set(pageId, span);
    } else {
      this.spans.set(pageId, { from: from?.upTo ?? '', to, rows: from !== null && rows ? new Set(rows) : null });
    }
    // Oldest first out (re-set above, so insertion order is recency).
    if (this.spans.size > MAX_PAGES) this.spans.delete(this.spans.keys().next().value!);
  }

  // The rows changed between the projected position `from` (null: never projected) and the
  // persisted `to`, or null when not known. The page's span restarts at `to`: the projection that
  // asks is about to project `to` (if it fails, the next one finds no span from where it stood).
  since(pageId: string, from: string | null, to: PersistedPosition): ReadonlySet<string> | null {
    const span = this.spans.get(pageId);
    this.spans.delete(pageId);
    this.spans.set(pageId, { from: to.upTo, to, rows: new Set() });
    return span && from !== null && span.from === from && samePosition(span.to, to) ? span.rows : null;
  }
}
