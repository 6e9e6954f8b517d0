import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';

// How far a read of a page's document reached: the persisted state's stream position, and the
// last stream entry applied after it (null: there was none).
export interface ReadPoint {
  persistedUpTo: string | null;
  lastEntryId: string | null;
}

// A database page's document as it is now: the persisted state plus the stream entries after it
// (ARCHITECTURE invariant 2), so a row added a moment ago and not yet persisted is found.
@Injectable()
export class DatabaseDocuments {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
  ) {}

  // The caller destroys the document.
  async current(pageId: string): Promise<Y.Doc> {
    return (await this.load(pageId)).doc;
  }

  // `current`, and how far it read (for `unchangedSince`).
  async load(pageId: string): Promise<{ doc: Y.Doc; read: ReadPoint }> {
    const row = await this.documents.find(pageId);
    const entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', 1_000_000);
    const doc = new Y.Doc();
    if (row) Y.applyUpdate(doc, row.state);
    for (const entry of entries) Y.applyUpdate(doc, entry.update);
    return { doc, read: { persistedUpTo: row?.persistedUpTo ?? null, lastEntryId: entries.at(-1)?.id ?? null } };
  }

  // Whether the page's document is still what that read found, for two cheap reads instead of a
  // whole apply. Every write reaches the stream (server edits, restores and clients' updates
  // alike; the persist only folds stream entries into the state), so: its newest entry is still
  // the last one the read applied, or, when the read applied none, the persisted state is the
  // same and nothing came after it. A stream that lost entries (Redis, invariant 9) no longer
  // ends there, so doubt answers "changed" and the caller reads again.
  async unchangedSince(pageId: string, read: ReadPoint): Promise<boolean> {
    const [persisted, newest] = await Promise.all([this.documents.persistedPositions([pageId]), this.stream.lastId(pageId)]);
    if (read.lastEntryId !== null) return newest === read.lastEntryId;
    return persisted.has(pageId) && persisted.get(pageId) === read.persistedUpTo && (newest === null || newest === read.persistedUpTo);
  }
}
