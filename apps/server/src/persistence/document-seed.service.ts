import { Injectable } from '@nestjs/common';
import { DocumentContentError, yDocFromJSON, yDocToText } from '@tandem/editor';
import * as Y from 'yjs';
import { ApiError } from '../common/api-error.js';
import { parseMarkdownInWorker } from './document-conversion.js';
import { DocumentStreamRepository } from './document-stream.repository.js';
import { DocumentRepository } from './document.repository.js';

export type DocumentSeed = { kind: 'json'; content: unknown } | { kind: 'markdown'; content: string };

// A page's first state, encoded and ready to store.
export interface InitialDocument {
  state: Uint8Array<ArrayBuffer>;
  stateVector: Uint8Array<ArrayBuffer>;
  text: string;
}

// How long Markdown may take to parse before it is refused (see document-conversion.ts).
export const MARKDOWN_PARSE_LIMIT_MS = 5000;

// New and imported pages get their content here, on the server, through the shared Tiptap schema:
// clients never seed content into a shared document (ARCHITECTURE invariant 3). Page creation
// builds the document first (`build`) and stores it with the page in one transaction; `seed` fills
// an existing page's still-empty document.
@Injectable()
export class DocumentSeedService {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
  ) {}

  // Builds the page's first state. Call right after creating the page; returns false if the page
  // already has a document (its content then only changes through updates).
  async seed(pageId: string, seed: DocumentSeed): Promise<boolean> {
    const initial = await this.build(seed);
    // Someone already typed into it: never replace live content.
    if (await this.stream.lastId(pageId)) return false;
    return this.documents.createInitial(pageId, initial.state, initial.stateVector, initial.text);
  }

  // Converts and encodes without storing anything. Content outside the document schema is a 400
  // on `field` (the request field that carried it).
  async build(seed: DocumentSeed, field = 'body.content'): Promise<InitialDocument> {
    let json = seed.content;
    if (seed.kind === 'markdown') {
      const parsed = await parseMarkdownInWorker(seed.content, MARKDOWN_PARSE_LIMIT_MS);
      if (!parsed.ok && parsed.reason === 'timeout') {
        throw ApiError.validation({ [field]: `took longer than ${MARKDOWN_PARSE_LIMIT_MS / 1000} s to read; split it into several pages` });
      }
      if (!parsed.ok) throw ApiError.validation({ [field]: parsed.message });
      json = parsed.json;
    }
    let doc: Y.Doc;
    try {
      doc = yDocFromJSON(json);
    } catch (err) {
      if (err instanceof DocumentContentError) throw ApiError.validation({ [field]: err.message });
      throw err;
    }
    try {
      return { state: Y.encodeStateAsUpdate(doc) as Uint8Array<ArrayBuffer>, stateVector: Y.encodeStateVector(doc) as Uint8Array<ArrayBuffer>, text: yDocToText(doc) };
    } finally {
      doc.destroy();
    }
  }
}
