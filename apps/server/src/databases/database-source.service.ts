import { Injectable } from '@nestjs/common';
import { type DatabaseSchema, type DatabaseSource, relatedDatabaseIds, type Row, type View } from '@tandem/database';
import { isDatabaseDoc, readRows, readSchema, readViews, rowPosition } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import { DocumentRepository } from '../documents/document.repository.js';
import { RowPageRepository } from './row-page.repository.js';
import { type PersistedPosition } from './database-doc-cache.js';

// What formulas and rollups read of a database.
export type DatabaseRows = Pick<LoadedDatabase, 'schema' | 'rows' | 'positions'>;

export interface LoadedDatabase {
  schema: DatabaseSchema;
  views: View[];
  // The persistedUpTo of the document read.
  upTo: string;
  // In manual order.
  rows: Row[];
  positions: Map<string, string>;
}

// Where formulas and rollups find other rows: the database itself, plus the databases its
// relations point at, read from their persisted documents. A relation's target is written by
// clients, so only a live database of the same workspace is read (never another workspace's rows).
@Injectable()
export class DatabaseSources {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly rowPages: RowPageRepository,
  ) {}

  async load(databaseId: string): Promise<LoadedDatabase | null> {
    const persisted = await this.persistedDoc(databaseId);
    if (!persisted) return null;
    try {
      return isDatabaseDoc(persisted.doc) ? { ...readDatabase(persisted.doc, databaseId), upTo: persisted.upTo } : null;
    } finally {
      persisted.doc.destroy();
    }
  }

  // The page's persisted document (the caller destroys it), with its persistedUpTo and position.
  async persistedDoc(pageId: string): Promise<{ doc: Y.Doc; upTo: string; position: PersistedPosition } | null> {
    const row = await this.documents.find(pageId);
    if (!row) return null;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, row.state);
    return { doc, upTo: row.persistedUpTo, position: { upTo: row.persistedUpTo, size: row.state.byteLength, stateVector: row.stateVector } };
  }

  // `readable`: for a viewer, the related databases they may read (the others then read as gone:
  // their rows are not counted and their titles not shown, so no title leaks through a rollup).
  async source(workspaceId: string, databaseId: string, main: DatabaseRows, readable?: ReadonlySet<string>): Promise<DatabaseSource> {
    const loaded = new Map<string, DatabaseRows>([[databaseId, main]]);
    const targets = relatedDatabaseIds(databaseId, main.schema).filter((id) => !readable || readable.has(id));
    const allowed = await this.rowPages.databasesOf(workspaceId, targets);
    for (const id of allowed) {
      const db = await this.load(id);
      if (db) loaded.set(id, db);
    }
    const byId = new Map([...loaded].map(([id, db]) => [id, new Map(db.rows.map((r) => [r.id, r]))]));
    return {
      schema: (id) => loaded.get(id)?.schema,
      row: (id, rowId) => byId.get(id)?.get(rowId),
    };
  }
}

// A database as a document holds it: schema, views, and rows in manual order with their positions.
export function readDatabase(doc: Y.Doc, databaseId: string): Omit<LoadedDatabase, 'upTo'> {
  const rows = readRows(doc);
  return { schema: readSchema(doc, databaseId), views: readViews(doc), rows, positions: new Map(rows.map((r) => [r.id, rowPosition(doc, r.id) ?? ''])) };
}
