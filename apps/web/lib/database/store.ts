// A database as React reads it: the schema, views and rows of a page's Y.Doc, re-read once per
// transaction that touched the database part (observeDatabase), so a whole retype or a remote batch
// of edits renders once. Snapshots are immutable and only replaced on change, which is what
// useSyncExternalStore needs.
import type { DatabaseSchema, Row, View } from '@tandem/database';
import { isDatabaseDoc, observeDatabase, readRows, readSchema, readViews } from '@tandem/database/ydoc';
import type * as Y from 'yjs';

export interface DatabaseSnapshot {
  // False until the document holds a database (before the first sync of a new page).
  ready: boolean;
  schema: DatabaseSchema;
  views: View[];
  rows: Row[];
}

export class DatabaseStore {
  private snapshot: DatabaseSnapshot;
  private readonly listeners = new Set<() => void>();
  private stop: (() => void) | null = null;

  constructor(
    readonly doc: Y.Doc,
    readonly databaseId: string,
  ) {
    this.snapshot = this.read();
  }

  private read(): DatabaseSnapshot {
    return { ready: isDatabaseDoc(this.doc), schema: readSchema(this.doc, this.databaseId), views: readViews(this.doc), rows: readRows(this.doc) };
  }

  getSnapshot = (): DatabaseSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.stop) {
      this.stop = observeDatabase(this.doc, this.changed);
      // A change between the first read and this subscription would otherwise be missed
      // (useSyncExternalStore reads the snapshot again right after subscribing).
      this.snapshot = this.read();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.stop) {
        this.stop();
        this.stop = null;
      }
    };
  };

  private readonly changed = (): void => {
    this.snapshot = this.read();
    for (const listener of this.listeners) listener();
  };
}
