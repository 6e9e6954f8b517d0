import { Injectable } from '@nestjs/common';
import { CollabErrorCode, streamIdAtLeast } from '@tandem/protocol';
import * as Y from 'yjs';
import { AppConfig } from '../config/env.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { PersistScheduler } from '../documents/persist.scheduler.js';
import { CollabFailure } from './collab-failure.js';

export interface Handshake {
  update: Uint8Array;
  stateVector: Uint8Array;
  savedUpTo: string;
  // The stream id the answered state goes up to.
  upTo: string;
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

// A page some socket of this instance is in: its document size (for the size limit) and the last
// handshake's merged state, so the next join reads only the stream entries after it.
interface OpenPage {
  sockets: number;
  bytes: number;
  cache: JoinCache | null;
}

interface JoinCache {
  state: Uint8Array;
  stateVector: Uint8Array;
  // Every stream entry up to this id is in `state`.
  cursor: string;
  savedUpTo: string;
  readAt: number;
}

// The document side of the gateway. A page's truth is its Postgres row plus the stream entries
// after its persistedUpTo, so any server instance can answer a handshake. Per page this instance
// has sockets in, it keeps the size and the merged state bytes of the last handshake (never a
// Y.Doc); nothing for other pages.
@Injectable()
export class DocumentSyncService {
  private readonly pages = new Map<string, OpenPage>();

  constructor(
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly scheduler: PersistScheduler,
    private readonly config: AppConfig,
  ) {}

  // Handshake step 2: what the client lacks (from its state vector) and the server's state vector.
  // Merges binary updates without building a Y.Doc. A fresh client (empty state vector) gets the
  // merged state itself, and a page already open here starts from its cached state.
  async handshake(pageId: string, clientStateVector: Uint8Array): Promise<Handshake> {
    let fresh: boolean;
    try {
      fresh = Y.decodeStateVector(clientStateVector).size === 0;
    } catch {
      throw new CollabFailure(CollabErrorCode.ValidationFailed, 'stateVector is not a Yjs state vector.');
    }
    const base = await this.load(pageId);
    let update: Uint8Array;
    try {
      update = fresh ? base.state : Y.diffUpdate(base.state, clientStateVector);
    } catch {
      throw new CollabFailure(CollabErrorCode.ValidationFailed, 'stateVector is not a Yjs state vector.');
    }
    return { update, stateVector: base.stateVector, savedUpTo: base.savedUpTo, upTo: base.cursor };
  }

  // The page's current state: the cached one plus the entries after it, or the row plus the
  // entries after it.
  private async load(pageId: string): Promise<JoinCache> {
    const open = this.pages.get(pageId);
    const cached = open?.cache && this.cacheUsable(open.cache) ? open.cache : null;
    const readAt = Date.now();
    let parts: Uint8Array[];
    let entries: Awaited<ReturnType<DocumentStreamRepository['readAfter']>>;
    let savedUpTo: string;
    let cursor: string;
    try {
      if (cached) {
        entries = await this.stream.readAfter(pageId, cached.cursor, 1_000_000);
        parts = [cached.state];
        ({ savedUpTo, cursor } = cached);
      } else {
        const row = await this.documents.find(pageId);
        savedUpTo = cursor = row?.persistedUpTo ?? '0-0';
        entries = await this.stream.readAfter(pageId, cursor, 1_000_000);
        parts = row ? [row.state] : [];
      }
    } catch {
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The page could not be loaded right now; retrying.');
    }
    if (cached && entries.length === 0) {
      cached.readAt = readAt;
      return cached;
    }
    for (const e of entries) parts.push(e.update);
    // Unpersisted entries with no job behind them (their gateway died before queueing it): queue one.
    // Entries after a cache's cursor may be persisted already; only those after savedUpTo count.
    const newest = entries.at(-1)?.id;
    if (newest && newest !== savedUpTo && streamIdAtLeast(newest, savedUpTo)) this.scheduler.touch(pageId);
    if (parts.length === 0) return { state: Y.encodeStateAsUpdate(new Y.Doc()), stateVector: EMPTY_STATE_VECTOR, cursor, savedUpTo, readAt };
    const state = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
    const loaded: JoinCache = { state, stateVector: Y.encodeStateVectorFromUpdate(state), cursor: entries.at(-1)?.id ?? cursor, savedUpTo, readAt };
    const page = this.pages.get(pageId);
    if (page) {
      page.bytes = Math.max(page.bytes, state.byteLength);
      page.cache = loaded;
    }
    return loaded;
  }

  // The worker trims persisted entries once they are PERSIST_TRIM_MARGIN_MS old, so entries after a
  // cursor read less than that long ago are all still in the stream (half of it: clock skew).
  private cacheUsable(cache: JoinCache): boolean {
    return Date.now() - cache.readAt < this.config.PERSIST_TRIM_MARGIN_MS / 2;
  }

  // "Saved up to X" for a page: later handshakes from the cache report it.
  noteSaved(pageId: string, upTo: string): void {
    const cache = this.pages.get(pageId)?.cache;
    if (cache && streamIdAtLeast(upTo, cache.savedUpTo)) cache.savedUpTo = upTo;
  }

  // Everything an update must pass before it is broadcast or stored. Decoding one update is cheap
  // (it is small); the document itself is never decoded on this path.
  checkUpdate(pageId: string, update: Uint8Array): void {
    if (update.byteLength > this.config.COLLAB_MAX_UPDATE_BYTES) {
      throw new CollabFailure(CollabErrorCode.UpdateTooLarge, `An update may be at most ${this.config.COLLAB_MAX_UPDATE_BYTES} bytes.`);
    }
    const page = this.pages.get(pageId);
    if (page && page.bytes + update.byteLength > this.config.COLLAB_MAX_DOCUMENT_BYTES) {
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
    const page = this.pages.get(pageId);
    if (page) page.bytes += bytes;
  }

  async append(pageId: string, update: Uint8Array, authorId?: string): Promise<string> {
    let id: string;
    try {
      id = await this.stream.append(pageId, update, authorId);
    } catch {
      throw new CollabFailure(CollabErrorCode.ServiceUnavailable, 'The update could not be stored; it will be sent again on reconnect.');
    }
    this.scheduler.touch(pageId);
    return id;
  }

  // Redis lost data: a cached state may hold updates the stream no longer has, and a handshake
  // answered from it would tell clients the server has them. The next join reads the row again.
  dropCaches(pageIds: readonly string[] | 'all'): void {
    for (const [pageId, page] of this.pages) if (pageIds === 'all' || pageIds.includes(pageId)) page.cache = null;
  }

  // How many pages sockets of this instance are in (a metrics gauge).
  openPages(): number {
    return this.pages.size;
  }

    isOpen(pageId: string): boolean {
    return this.pages.has(pageId);
  }

  // A socket of this instance entered / left the page: keep its state only while needed.
  enter(pageId: string): void {
    const page = this.pages.get(pageId);
    if (page) page.sockets += 1;
    else this.pages.set(pageId, { sockets: 1, bytes: 0, cache: null });
  }

  exit(pageId: string): void {
    const page = this.pages.get(pageId);
    if (!page) return;
    page.sockets -= 1;
    if (page.sockets <= 0) this.pages.delete(pageId);
  }
}

