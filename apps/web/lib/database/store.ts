// A database as React reads it: the schema, views and rows of a page's Y.Doc, re-read once per
// transaction that touched the database part (observeDatabase), so a whole retype or a remote batch
// of edits renders once. Only the rows a transaction names are read again (a cell edit in 10,000
// rows reads one row, not all), and the order is re-sorted only when a row came, went or moved.
// Snapshots are immutable and only replaced on change, which is what useSyncExternalStore needs.
import type { DatabaseSchema, Row, View } from '@tandem/database';
import { type DatabaseChange, isDatabaseDoc, observeDatabase, readRow, readRows, readSchema, readViews, rowPosition } from '@tandem/database/ydoc';
import type * as Y from 'yjs';

export interface DatabaseSnapshot {
  // False until the document holds a database (before the first sync of a new page).
  ready: boolean;
  schema: DatabaseSchema;
  views: View[];
  rows: Row[];
}

interface Placed {
  row: Row;
  position: string;
}

// The manual order, as readRows has it: by position, ties by id.
const byPosition = (a: Placed, b: Placed) =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0;

export class DatabaseStore {
  private snapshot: DatabaseSnapshot;
  private placed = new Map<string, Placed>();
  private readonly listeners = new Set<() => void>();
  private stop: (() => void) | null = null;

  constructor(
    readonly doc: Y.Doc,
    readonly databaseId: string,
  ) {
    this.snapshot = this.readAll();
  }

  private readAll(): DatabaseSnapshot {
    const rows = readRows(this.doc);
    this.placed = new Map(rows.map((row) => [row.id, { row, position: rowPosition(this.doc, row.id) ?? '' }]));
    return { ready: isDatabaseDoc(this.doc), schema: readSchema(this.doc, this.databaseId), views: readViews(this.doc), rows };
  }

  getSnapshot = (): DatabaseSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.stop) {
      this.stop = observeDatabase(this.doc, this.changed);
      // A change between the first read and this subscription would otherwise be missed
      // (useSyncExternalStore reads the snapshot again right after subscribing).
      this.snapshot = this.readAll();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.stop) {
        this.stop();
        this.stop = null;
      }
    };
  };

  private readonly changed = (change: DatabaseChange): void => {
    const next = { ...this.snapshot, ready: isDatabaseDoc(this.doc) };
    if (change.properties) next.schema = readSchema(this.doc, this.databaseId);
    if (change.views) next.views = readViews(this.doc);
    if (change.rows.size > 0) next.rows = this.readChangedRows(change.rows);
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  };

  private readChangedRows(ids: ReadonlySet<string>): Row[] {
    let reorder = false;
    for (const id of ids) {
      const row = readRow(this.doc, id);
      const before = this.placed.get(id);
      if (!row) {
        if (before) reorder = this.placed.delete(id);
        continue;
      }
      const position = rowPosition(this.doc, id) ?? '';
      if (!before || before.position !== position) reorder = true;
      this.placed.set(id, { row, position });
    }
    if (reorder) return [...this.placed.values()].sort(byPosition).map((p) => p.row);
    return this.snapshot.rows.map((row) => (ids.has(row.id) ? this.placed.get(row.id)!.row : row));
  }
}
