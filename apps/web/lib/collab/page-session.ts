'use client';

import { type CollabConnection, CollabProvider } from '@tandem/collab-client';
import { isAccessError, type CollabError, type CollabRole } from '@tandem/protocol';
import { DOCUMENT_FIELD } from '@tandem/editor';
import { isDatabaseDoc } from '@tandem/database/ydoc';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { localCopyName, markUnsaved } from './local-copies';
import { type SaveFacts } from './status';

export interface PageSessionOptions {
  pageId: string;
  // The tab's connection (shared-connection.ts); the session joins and leaves the page on it and
  // never closes it.
  connection: CollabConnection;
  // Whose copy of the page this browser keeps (IndexedDB, see local-copies.ts); null = keep
  // nothing on this device (a public-link reader on someone else's computer).
  userId: string | null;
  // Shown in the page's presence (false: only read for another page, see CollabProvider).
  listed: boolean;
}

export interface PageSessionSnapshot {
  facts: SaveFacts;
  // The local copy (IndexedDB) has been loaded, or there is none.
  localReady: boolean;
  // The document is there to show: the server's copy arrived, or the local copy had content (text,
  // or a database). Stays true once true. Until then the editor must not mount: over an empty
  // fragment it would write an empty paragraph of its own, a phantom edit that lands next to the
  // real content.
  documentReady: boolean;
  // What the server says this person may do, once it has said it (null before the first join).
  role: CollabRole | null;
  canEdit: boolean | null;
  // The last problem worth showing (access lost, page gone, refused update).
  error: CollabError | null;
}

// How long to wait for IndexedDB before connecting anyway (a blocked or broken IndexedDB must not
// keep the page from loading from the server).
const LOCAL_LOAD_TIMEOUT_MS = 3000;

/**
 * Everything one open page needs besides React: its Y.Doc, the IndexedDB copy that makes it open and
 * editable offline, and the provider that syncs it with the server. One per open page; `close()`
 * removes every listener and timer and leaves the page (the shared connection stays).
 */
export class PageSession {
  readonly doc = new Y.Doc();
  readonly provider: CollabProvider;
  private readonly local: IndexeddbPersistence | null;
  private snapshot: PageSessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private closed = false;
  private localTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pageId: string;
  private readonly userId: string | null;

  constructor(options: PageSessionOptions) {
    this.pageId = options.pageId;
    this.userId = options.userId;
    this.provider = new CollabProvider({ pageId: options.pageId, doc: this.doc, connection: options.connection, connect: false, listed: options.listed });
    this.local = options.userId ? new IndexeddbPersistence(localCopyName(options.userId, options.pageId), this.doc) : null;
    this.snapshot = {
      facts: { online: navigator.onLine, connection: 'connecting', synced: false, unacked: false, unpersisted: false },
      localReady: this.local === null,
      documentReady: false,
      role: null,
      canEdit: null,
      error: null,
    };
    this.provider.on('status', this.refresh);
    this.provider.on('synced', this.refresh);
    this.provider.on('pending', this.refresh);
    this.provider.on('saved', this.refresh);
    this.provider.on('role', this.refresh);
    this.provider.on('error', this.handleError);
    window.addEventListener('online', this.refresh);
    window.addEventListener('offline', this.refresh);

    // Load the local copy first, so the handshake's state vector already includes it and only
    // what is really missing travels (and offline edits from last time are sent).
    if (this.local) {
      this.localTimer = setTimeout(this.localLoaded, LOCAL_LOAD_TIMEOUT_MS);
      void this.local.whenSynced.then(this.localLoaded, this.localLoaded);
    } else {
      this.provider.connect();
    }
  }

  getSnapshot = (): PageSessionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.localTimer) clearTimeout(this.localTimer);
    window.removeEventListener('online', this.refresh);
    window.removeEventListener('offline', this.refresh);
    this.provider.destroy();
    // Flushes and closes the database; the data stays for next time.
    void this.local?.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private readonly localLoaded = (): void => {
    if (this.closed || this.snapshot.localReady) return;
    if (this.localTimer) clearTimeout(this.localTimer);
    this.localTimer = null;
    this.provider.connect();
    this.set({ localReady: true, documentReady: this.snapshot.documentReady || this.doc.getXmlFragment(DOCUMENT_FIELD).length > 0 || isDatabaseDoc(this.doc) });
  };

  private readonly handleError = (error: CollabError): void => {
    this.set({ error });
    this.refresh();
  };

  private readonly refresh = (): void => {
    if (this.closed) return;
    const p = this.provider;
    const facts: SaveFacts = {
      online: navigator.onLine,
      connection: p.status,
      synced: p.synced,
      unacked: p.pending > 0,
      unpersisted: !p.saved,
    };
    // Edits only this browser has (marked) until the server acknowledged them; logging out asks first.
    if (this.userId && (p.pending > 0 || p.synced)) markUnsaved(this.userId, this.pageId, p.pending > 0);
    // A fresh successful join clears a stale error (e.g. a refused update that has since been resent).
    const error = p.synced && !this.snapshot.facts.synced ? null : this.snapshot.error;
    // Before the first join the server has not said; after losing access it says null.
    const canEdit = p.role !== null ? p.canEdit : isAccessError(error?.code) ? false : null;
    this.set({ facts, role: p.role, canEdit, error, documentReady: this.snapshot.documentReady || p.synced });
  };

  private set(patch: Partial<PageSessionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
