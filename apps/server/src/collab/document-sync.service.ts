import { Injectable } from '@nestjs/common';
import { CollabErrorCode } from '@tandem/protocol';
import * as Y from 'yjs';
import { AppConfig } from '../config/env.js';
import { DocumentStreamRepository } from '../persistence/document-stream.repository.js';
import { DocumentRepository } from '../persistence/document.repository.js';
import { PersistScheduler } from '../persistence/persist.scheduler.js';

export interface Handshake {
  update: Uint8Array;
  stateVector: Uint8Array;
  savedUpTo: string;
}

export class CollabFailure extends Error {
  constructor(
    readonly code: CollabErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

// The document side of the gateway. A page's truth is its Postgres row plus the stream entries
// after its persistedUpTo, so any server instance can answer a handshake; nothing is held per page
// but a byte count (for the document size limit) while this instance has sockets in the page.
@Injectable()
export class DocumentSyncService {
  private readonly sizes = new Map<string, { bytes: number; sockets: number }>();

  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly scheduler: PersistScheduler,
    private readonly config: AppConfig,
  ) {}

  // Handshake step 2: what the client lacks (from its state vector) and the server's state vector.
  // Merges binary updates without building a Y.Doc.
  async handshake(pageId: string, clientStateVector: Uint8Array): Promise<Handshake> {
    try {
      Y.decodeStateVector(clientStateVector);
    } catch {
      throw new CollabFailure(CollabErrorCode.ValidationFailed, 'stateVector is not a Yjs state vector.');
    }
    let row: Awaited<ReturnType<DocumentRepository['find']>>;
    let entries: Awaited<ReturnType<DocumentStreamRepository['readAfter']>>;
    try {
      row = await this.documents.find(pageId);
      entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', 1_000_000);
    } catch {
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The page could not be loaded right now; retrying.');
    }
    const savedUpTo = row?.persistedUpTo ?? '0-0';
    const parts = entries.map((e) => e.update as Uint8Array);
    if (row) parts.unshift(row.state);
    if (parts.length === 0) {
      return { update: Y.encodeStateAsUpdate(new Y.Doc()), stateVector: EMPTY_STATE_VECTOR, savedUpTo };
    }
    const merged = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
    // Unpersisted entries with no job behind them (their gateway died before queueing it): queue one.
    if (entries.length > 0) this.scheduler.touch(pageId);
    this.noteSize(pageId, merged.byteLength);
    let update: Uint8Array;
    try {
      update = Y.diffUpdate(merged, clientStateVector);
    } catch {
      throw new CollabFailure(CollabErrorCode.ValidationFailed, 'stateVector is not a Yjs state vector.');
    }
    return { update, stateVector: Y.encodeStateVectorFromUpdate(merged), savedUpTo };
  }

  // Everything an update must pass before it is broadcast or stored. Decoding one update is cheap
  // (it is small); the document itself is never decoded on this path.
  checkUpdate(pageId: string, update: Uint8Array): void {
    if (update.byteLength > this.config.COLLAB_MAX_UPDATE_BYTES) {
      throw new CollabFailure(CollabErrorCode.UpdateTooLarge, `An update may be at most ${this.config.COLLAB_MAX_UPDATE_BYTES} bytes.`);
    }
    const size = this.sizes.get(pageId);
    if (size && size.bytes + update.byteLength > this.config.COLLAB_MAX_DOCUMENT_BYTES) {
      throw new CollabFailure(CollabErrorCode.DocumentTooLarge, `This page has reached its size limit of ${this.config.COLLAB_MAX_DOCUMENT_BYTES} bytes.`);
    }
    let decoded: { structs: unknown[]; ds: { clients: Map<number, unknown[]> } };
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      throw new CollabFailure(CollabErrorCode.InvalidUpdate, 'The update is not a valid Yjs update.');
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) {
      throw new CollabFailure(CollabErrorCode.InvalidUpdate, 'The update is empty.');
    }
  }

  recordUpdate(pageId: string, bytes: number): void {
    const size = this.sizes.get(pageId);
    if (size) size.bytes += bytes;
  }

  async append(pageId: string, update: Uint8Array): Promise<string> {
    let id: string;
    try {
      id = await this.stream.append(pageId, update);
    } catch {
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The update could not be stored; it will be sent again on reconnect.');
    }
    this.scheduler.touch(pageId);
    return id;
  }

  // A socket of this instance entered / left the page: keep the size estimate only while needed.
  enter(pageId: string): void {
    const size = this.sizes.get(pageId);
    if (size) size.sockets += 1;
    else this.sizes.set(pageId, { bytes: 0, sockets: 1 });
  }

  exit(pageId: string): void {
    const size = this.sizes.get(pageId);
    if (!size) return;
    size.sockets -= 1;
    if (size.sockets <= 0) this.sizes.delete(pageId);
  }

  private noteSize(pageId: string, bytes: number): void {
    const size = this.sizes.get(pageId);
    if (size) size.bytes = Math.max(size.bytes, bytes);
  }
}
