import { HttpStatus, Injectable } from '@nestjs/common';
import { DatabaseDocError } from '@tandem/database/ydoc';
import { ErrorCode } from '@tandem/protocol';
import * as Y from 'yjs';
import { CollabFailure } from '../collab/collab-failure.js';
import { CollabGateway } from '../collab/collab.gateway.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { maxDocumentBytes } from '../documents/document-limit.js';
import { DatabaseDocuments, type ReadPoint } from './database-documents.service.js';
import { DatabaseRowRepository } from './database-row.repository.js';

// An edit applied and checked but not stored yet (DatabaseEdits.editOrHold), and the document it
// was applied to.
export interface HeldEdit {
  databaseId: string;
  authorId: string;
  update: Uint8Array;
  read: ReadPoint;
}

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
  // edited document.
  async edit<T>(databaseId: string, authorId: string, field: string, change: (doc: Y.Doc) => T): Promise<T> {
    return (await this.editOrHold(databaseId, authorId, field, change, () => true)).result;
  }

  // `edit`, stored only when `storeNow` says so once every check passed (validation, size limit);
  // otherwise nothing is stored and the checked edit comes back held. A caller that must write
  // other documents first (two-way relations) writes them, then `commit`s it: the document is
  // applied once, not once to learn what the edit will be and again to store it.
  async editOrHold<T>(databaseId: string, authorId: string, field: string, change: (doc: Y.Doc) => T, storeNow: (result: T) => boolean): Promise<{ result: T; held: HeldEdit | null }> {
    return this.rows.withEditLock(databaseId, () =>
      this.documents.edit<{ result: T; held: HeldEdit | null }>(databaseId, async (doc, read, bytes) => {
        const { result, update } = this.apply(doc, bytes, field, change);
        if (!storeNow(result)) return { value: { result, held: { databaseId, authorId, update, read } }, storedAs: null };
        return { value: { result, held: null }, storedAs: await this.store(databaseId, update, authorId) };
      }),
    );
  }

  // Stores a held edit if nothing was written to its database since it was applied, so its checks
  // and answer still hold (true). Otherwise stores nothing (false): the caller applies it again.
  async commit(held: HeldEdit): Promise<boolean> {
    return this.rows.withEditLock(held.databaseId, async () => {
      if (!(await this.documents.unchangedSince(held.databaseId, held.read))) return false;
      await this.store(held.databaseId, held.update, held.authorId);
      return true;
    });
  }

  // `bytes`: the encoded bytes read into `doc` (DatabaseDocuments), at least about its encoded size.
  private apply<T>(doc: Y.Doc, bytes: number, field: string, change: (doc: Y.Doc) => T): { result: T; update: Uint8Array } {
    const before = Y.encodeStateVector(doc);
    let result: T;
    try {
      result = change(doc);
    } catch (err) {
      if (err instanceof DatabaseDocError) throw ApiError.validation({ [field]: err.message });
      throw err;
    }
    const update = Y.encodeStateAsUpdate(doc, before);
    // What was read into the document plus this edit bound its encoded size (merging never adds
    // more than a few bytes per split item), so only a document near the limit is encoded whole to
    // be sure: that encoding was ~100 ms of a 10,000-row database's every edit once the document
    // itself came from the cache.
    const max = maxDocumentBytes(this.config, 'database');
    if (bytes + update.byteLength > max && Y.encodeStateAsUpdate(doc).byteLength > max) {
      throw ApiError.payloadTooLarge(`This would make the database larger than its size limit of ${max} bytes; nothing was changed.`);
    }
    return { result, update };
  }

  // The update's stream id.
  private async store(databaseId: string, update: Uint8Array, authorId: string): Promise<string> {
    try {
      return await this.gateway.applyServerEdit(databaseId, update, authorId);
    } catch (err) {
      if (err instanceof CollabFailure) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, `The change could not be stored right now: ${err.message}`);
      throw err;
    }
  }
}
