import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';

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
    const row = await this.documents.find(pageId);
    const entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', 1_000_000);
    const doc = new Y.Doc();
    if (row) Y.applyUpdate(doc, row.state);
    for (const entry of entries) Y.applyUpdate(doc, entry.update);
    return doc;
  }
}
