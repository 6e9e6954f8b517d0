import { Injectable } from '@nestjs/common';
import { DocumentContentError, yDocFromJSON, yDocFromMarkdown, yDocToText } from '@tandem/editor';
import * as Y from 'yjs';
import { ApiError } from '../common/api-error.js';
import { DocumentStreamRepository } from './document-stream.repository.js';
import { DocumentRepository } from './document.repository.js';

export type DocumentSeed = { kind: 'json'; content: unknown } | { kind: 'markdown'; content: string };

// New and imported pages get their content here, on the server (call seed right after creating
// the page, e.g. for a template or an import), through the shared Tiptap schema:
// clients never seed content into a shared document (ARCHITECTURE invariant 3).
@Injectable()
export class DocumentSeedService {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
  ) {}

  // Builds the page's first state. Call right after creating the page; returns false if the page
  // already has a document (its content then only changes through updates).
  async seed(pageId: string, seed: DocumentSeed): Promise<boolean> {
    const doc = this.build(seed);
    try {
      // Someone already typed into it: never replace live content.
      if (await this.stream.lastId(pageId)) return false;
      return await this.documents.createInitial(pageId, Y.encodeStateAsUpdate(doc), Y.encodeStateVector(doc), yDocToText(doc));
    } finally {
      doc.destroy();
    }
  }

  private build(seed: DocumentSeed): Y.Doc {
    try {
      return seed.kind === 'json' ? yDocFromJSON(seed.content) : yDocFromMarkdown(seed.content);
    } catch (err) {
      if (err instanceof DocumentContentError) throw ApiError.validation({ 'body.content': err.message });
      throw err;
    }
  }
}
