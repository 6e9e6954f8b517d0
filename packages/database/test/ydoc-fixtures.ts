// A small database in a Yjs document, shared by the document tests (ydoc, ydoc-restore): one
// database id, three editors at increasing times, and a seed with a number and a select property.
import * as Y from 'yjs';
import { addProperty, addRows, initDatabase, type NewRow } from '../src/ydoc.js';

export const DB = 'db1';
export const ada = { userId: 'ada', now: '2026-11-30T08:00:00.000Z' };
export const bob = { userId: 'bob', now: '2026-11-30T09:00:00.000Z' };
export const cy = { userId: 'cy', now: '2026-11-30T10:00:00.000Z' };

export const stage = {
  id: 'stage',
  name: 'Stage',
  type: 'select' as const,
  options: [
    { id: 'o1', name: 'Idea', color: 'gray' as const },
    { id: 'o2', name: 'Doing', color: 'blue' as const },
  ],
};

// An empty document as one replica (its Yjs client id fixed, so merges are repeatable).
export function fresh(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

// Another replica holding what `source` holds.
export function copy(source: Y.Doc, clientID: number): Y.Doc {
  const doc = fresh(clientID);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

// A database with a title (`name`), Points (`pts`), Stage and one table view (`v1`), and these
// rows added by Ada, written as client 1.
export function seeded(rows: readonly NewRow[]): Y.Doc {
  const doc = fresh(1);
  initDatabase(doc, { titleId: 'name', viewId: 'v1' });
  addProperty(doc, DB, { id: 'pts', name: 'Points', type: 'number', format: 'plain' });
  addProperty(doc, DB, stage);
  addRows(doc, DB, rows, ada);
  return doc;
}
