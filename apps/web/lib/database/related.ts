// The databases a view's relations point at, each as a live page session (its own Y.Doc, offline
// copy and provider on the tab's one connection) read through a DatabaseStore, so their edits show
// here as they happen and a mirror edit goes through the same edit path as any other. At most
// MAX_RELATED_DATABASES are open per view; the server refuses to join a page this person cannot
// read, which shows as `denied` (and the core then reads that database as absent).
import { MAX_RELATED_DATABASES } from '@tandem/database';
import { isAccessError, type CollabError } from '@tandem/protocol';
import type { PageSession } from '@/lib/collab/page-session';
import { DatabaseStore } from './store';
import type { LoadedDatabase } from './relations';

export interface RelatedDatabase extends LoadedDatabase {
  id: string;
  // Synced (or loaded from the offline copy) and holding a database.
  ready: boolean;
  canEdit: boolean;
  // The server refused this person the page (no read access, or it is gone).
  denied: boolean;
  error: CollabError | null;
}

interface Open {
  session: PageSession;
  store: DatabaseStore;
  close: () => void;
}

export type OpenSession = (pageId: string) => { session: PageSession; close: () => void };

export class RelatedDatabases {
  private readonly open = new Map<string, Open>();
  private readonly pinned = new Set<string>();
  private wanted: string[] = [];
  private snapshot: ReadonlyMap<string, RelatedDatabase> = new Map();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly openSession: OpenSession) {}

  getSnapshot = (): ReadonlyMap<string, RelatedDatabase> => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  // The databases the schema's relations point at (already bounded by relatedDatabaseIds).
  want(ids: readonly string[]): void {
    this.wanted = [...ids];
    this.reconcile();
  }

  // Load a database before any relation points at it (the relation picker reads its schema and
  // writes the mirror), then wait until it is readable or refused.
  async load(id: string, timeoutMs = 15_000): Promise<RelatedDatabase> {
    this.pinned.add(id);
    this.reconcile();
    return new Promise((resolve, reject) => {
      const check = () => {
        const entry = this.snapshot.get(id);
        if (entry && (entry.ready || entry.denied)) {
          done();
          resolve(entry);
        } else if (!this.open.has(id)) {
          done();
          reject(new Error(`A view loads at most ${MAX_RELATED_DATABASES} related databases`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('The database did not load. Check your connection and try again.'));
      }, timeoutMs);
      const stop = this.subscribe(check);
      const done = () => {
        clearTimeout(timer);
        stop();
      };
      check();
    });
  }

  unpin(id: string): void {
    this.pinned.delete(id);
    this.reconcile();
  }

  session(id: string): PageSession | undefined {
    return this.open.get(id)?.session;
  }

  // Close every session (the view is going). Not final: a later `want` opens them again, which is
  // what React's development double-mount does.
  close(): void {
    this.wanted = [];
    this.pinned.clear();
    this.reconcile();
  }

  private reconcile(): void {
    const keep = [...new Set([...this.wanted, ...this.pinned])].slice(0, MAX_RELATED_DATABASES);
    for (const [id, entry] of this.open) {
      if (!keep.includes(id)) {
        entry.close();
        this.open.delete(id);
      }
    }
    for (const id of keep) if (!this.open.has(id)) this.open.set(id, this.start(id));
    this.refresh();
  }

  private start(id: string): Open {
    const { session, close } = this.openSession(id);
    const store = new DatabaseStore(session.doc, id);
    const stopSession = session.subscribe(this.refresh);
    const stopStore = store.subscribe(this.refresh);
    return {
      session,
      store,
      close: () => {
        stopSession();
        stopStore();
        close();
      },
    };
  }

  private readonly refresh = (): void => {
    const next = new Map<string, RelatedDatabase>();
    let changed = false;
    for (const [id, { session, store }] of this.open) {
      const s = session.getSnapshot();
      const db = store.getSnapshot();
      const entry: RelatedDatabase = {
        id,
        schema: db.schema,
        rows: db.rows,
        ready: s.documentReady && db.ready,
        // Offline, before any join, the offline copy is edited and the server decides on reconnect
        // (as for the database itself); online, only once the server said so.
        canEdit: s.canEdit ?? !s.facts.online,
        denied: s.error !== null && isAccessError(s.error.code),
        error: s.error,
      };
      const before = this.snapshot.get(id);
      // Keep the old object when nothing changed, so React renders only on a real change.
      if (before && before.schema === entry.schema && before.rows === entry.rows && before.ready === entry.ready && before.canEdit === entry.canEdit && before.denied === entry.denied && before.error === entry.error) {
        next.set(id, before);
      } else {
        next.set(id, entry);
        changed = true;
      }
    }
    if (next.size !== this.snapshot.size) changed = true;
    if (!changed) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  };
}
