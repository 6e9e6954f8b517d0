import { HttpStatus, Injectable } from '@nestjs/common';
import { DatabaseDocError } from '@tandem/database/ydoc';
import { ErrorCode } from '@tandem/protocol';
import * as Y from 'yjs';
import { CollabFailure } from '../collab/collab-failure.js';
import { CollabGateway } from '../collab/collab.gateway.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { maxDocumentBytes } from '../documents/document-limit.js';
import { DatabaseDocuments } from './database-documents.service.js';
import { DatabaseRowRepository } from './database-row.repository.js';

// Row writes over REST are edits of the database's document made by the server, on the same path as
// anyone's typing (CollabGateway.applyServerEdit: broadcast, stream, persist), so open views see them
// at once, "Saved" means what it always means, and the projection follows from the persist. Edits of
// one database run one at a time (a lock shared with version restores), each from the document
// including the previous one, so "row exists" checks hold.
@Injectable()
export class DatabaseEdits {
  constructor(
    private readonly documents: DatabaseDocuments,
    private readonly gateway: CollabGateway,
    private readonly rows: DatabaseRowRepository,
    private readonly config: AppConfig,
  ) {}

  // `change` edits the document with @tandem/database/ydoc (which validates and throws
  // DatabaseDocError: a 400 on `field`, nothing stored) and returns what to answer, read from the
  // edited document. `beforeStore`, when given, sees that answer once every check passed and may
  // still refuse it by throwing (nothing is stored then): a caller that must write other documents
  // first (two-way relations) learns here what this edit will be.
  async edit<T>(databaseId: string, authorId: string, field: string, change: (doc: Y.Doc) => T, beforeStore?: (result: T) => void): Promise<T> {
    return this.rows.withEditLock(databaseId, async () => {
      const doc = await this.documents.current(databaseId);
      try {
        const { result, update } = this.apply(doc, field, change);
        beforeStore?.(result);
        await this.store(databaseId, update, authorId);
        return result;
      } finally {
        doc.destroy();
      }
    });
  }

  // What `edit` would answer, refused for the same reasons (validation, size limit), storing
  // nothing. Takes no lock: the edit that follows checks everything again.
  async dryRun<T>(databaseId: string, field: string, change: (doc: Y.Doc) => T): Promise<T> {
    const doc = await this.documents.current(databaseId);
    try {
      return this.apply(doc, field, change).result;
    } finally {
      doc.destroy();
    }
  }

  private apply<T>(doc: Y.Doc, field: string, change: (doc: Y.Doc) => T): { result: T; update: Uint8Array } {
    const before = Y.encodeStateVector(doc);
    let result: T;
    try {
      result = change(doc);
    } catch (err) {
      if (err instanceof DatabaseDocError) throw ApiError.validation({ [field]: err.message });
      throw err;
    }
    const max = maxDocumentBytes(this.config, 'database');
    if (Y.encodeStateAsUpdate(doc).byteLength > max) {
      throw ApiError.payloadTooLarge(`This would make the database larger than its size limit of ${max} bytes; nothing was changed.`);
    }
    return { result, update: Y.encodeStateAsUpdate(doc, before) };
  }

  private async store(databaseId: string, update: Uint8Array, authorId: string): Promise<void> {
    try {
      await this.gateway.applyServerEdit(databaseId, update, authorId);
    } catch (err) {
      if (err instanceof CollabFailure) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, `The change could not be stored right now: ${err.message}`);
      throw err;
    }
  }
}
