// Restoring a version of a database page (issue 17): the edit that makes the database part of the
// page's document equal the version's — properties, views and rows with their order — written
// through @tandem/database/ydoc's validated writers as one ordinary edit by the restoring person.
// Only what differs is written (a cell, a key, an order key), so edits others make concurrently or
// offline to anything the restore leaves alone still land after it, as for a text restore.
import * as Y from 'yjs';
import type { Property } from './schema.js';
import { checkCellValue } from './values.js';
import type { View } from './view.js';
import {
  addProperty,
  addRows,
  addView,
  clearCells,
  DatabaseDocError,
  type DatabasePart,
  deleteProperty,
  deleteRows,
  deleteView,
  type Editor,
  isDatabaseDoc,
  type NewRow,
  positionOf,
  readRows,
  readSchema,
  readViews,
  setCells,
  setPosition,
  updateProperty,
  updateView,
} from './ydoc.js';

/**
 * Turns the database in `doc` (the page as it is now) into the one in `version` (a version of the
 * same page, read only). Throws DatabaseDocError, having possibly written part of it, when the
 * version's schema cannot be written (then the caller discards `doc`).
 */
export function restoreDatabase(doc: Y.Doc, databaseId: string, version: Y.Doc, by: Editor): void {
  if (!isDatabaseDoc(version)) throw new DatabaseDocError('this version holds no database');
  doc.transact(() => {
    restoreProperties(doc, databaseId, version, by);
    restoreViews(doc, databaseId, version, by);
    restoreRows(doc, databaseId, version, by);
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// Items as read (parsed), limited to the ones stored under their id: readSchema makes up a title
// property for a document that lost its own, which is not an item to write.
function stored<T extends { id: string }>(doc: Y.Doc, which: DatabasePart, items: readonly T[]): Map<string, T> {
  return new Map(items.filter((item) => positionOf(doc, which, item.id) !== undefined).map((item) => [item.id, item]));
}

// Each writer checks the schema (or view) as it would be after its own step, so a valid end state
// can need its steps in some order: a rollup's relation back first, two properties swapping names.
// Steps are retried until none makes progress; a refused step changes nothing.
function settle(steps: (() => void)[], unstick: () => boolean): void {
  let pending = steps;
  for (;;) {
    let error: DatabaseDocError | null = null;
    const left = pending.filter((step) => {
      try {
        step();
        return false;
      } catch (err) {
        if (!(err instanceof DatabaseDocError)) throw err;
        error ??= err;
        return true;
      }
    });
    if (left.length === 0) return;
    if (left.length === pending.length && !unstick()) throw error!;
    pending = left;
  }
}

function restoreOrder(doc: Y.Doc, which: DatabasePart, version: Y.Doc, ids: Iterable<string>, by: Editor): void {
  for (const id of ids) {
    const position = positionOf(version, which, id);
    if (position !== undefined && positionOf(doc, which, id) !== position) setPosition(doc, which, id, position, by);
  }
}

function restoreProperties(doc: Y.Doc, databaseId: string, version: Y.Doc, by: Editor): void {
  const target = stored(version, 'properties', readSchema(version, databaseId).properties);
  const current = stored(doc, 'properties', readSchema(doc, databaseId).properties);
  const steps: (() => void)[] = [];
  // Deletions first: they make room under the property limit and free names.
  for (const id of current.keys()) if (!target.has(id)) steps.push(() => deleteProperty(doc, databaseId, id));
  const renamed: Property[] = [];
  for (const [id, property] of target) {
    const now = current.get(id);
    if (now && !same(now, property)) {
      steps.push(() => updateProperty(doc, databaseId, property));
      if (now.name !== property.name) renamed.push(now);
    } else if (!now) steps.push(() => addProperty(doc, databaseId, property));
  }
  // Names that only swap among properties block each other; park one under a name readSchema
  // itself gives duplicates ("Name (id)"), then its real name follows in the next round.
  const unstick = () => {
    const parked = renamed.shift();
    if (!parked) return false;
    updateProperty(doc, databaseId, { ...parked, name: `${parked.name} (${parked.id})` });
    return true;
  };
  settle(steps, unstick);
  restoreOrder(doc, 'properties', version, target.keys(), by);
}

function restoreViews(doc: Y.Doc, databaseId: string, version: Y.Doc, by: Editor): void {
  const target = stored<View>(version, 'views', readViews(version));
  const current = stored<View>(doc, 'views', readViews(doc));
  const steps: (() => void)[] = [];
  // A deletion that would leave no view waits for the version's views to be added.
  for (const id of current.keys()) if (!target.has(id)) steps.push(() => deleteView(doc, id));
  for (const [id, view] of target) {
    const now = current.get(id);
    if (now && !same(now, view)) steps.push(() => updateView(doc, databaseId, view));
    else if (!now) steps.push(() => addView(doc, databaseId, view));
  }
  settle(steps, () => false);
  restoreOrder(doc, 'views', version, target.keys(), by);
}

function restoreRows(doc: Y.Doc, databaseId: string, version: Y.Doc, by: Editor): void {
  const schema = readSchema(doc, databaseId);
  // The version's cells that fit the restored schema; one that does not (written by an older
  // client, or computed) reads as empty in the version, so it is left out here too.
  const fitting = (values: Readonly<Record<string, unknown>>) => {
    const out: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(values)) {
      const property = schema.properties.find((p) => p.id === id);
      if (property && checkCellValue(property, value) === null) out[id] = value;
    }
    return out;
  };
  const target = readRows(version);
  const wanted = new Set(target.map((r) => r.id));
  const current = new Map(readRows(doc).map((r) => [r.id, r]));
  // Rows added since go first, so the version's rows fit under the row limit.
  const gone = [...current.keys()].filter((id) => !wanted.has(id));
  if (gone.length) deleteRows(doc, gone);
  const back: NewRow[] = [];
  for (const row of target) {
    const values = fitting(row.values);
    const now = current.get(row.id);
    if (!now) {
      const position = positionOf(version, 'rows', row.id);
      back.push({
        id: row.id,
        values,
        ...(position ? { position } : {}),
        ...(row.createdTime ? { created: { time: row.createdTime, by: row.createdBy } } : {}),
      });
      continue;
    }
    const changed = Object.fromEntries(Object.entries(values).filter(([id, value]) => !same(now.values[id], value)));
    if (Object.keys(changed).length) setCells(doc, databaseId, row.id, changed, by);
    const extra = Object.keys(now.values).filter((id) => !(id in values));
    if (extra.length) clearCells(doc, row.id, extra, by);
  }
  // Deleted rows come back under their own ids, so their pages (and links to them) come back too.
  if (back.length) addRows(doc, databaseId, back, by);
  restoreOrder(doc, 'rows', version, wanted, by);
}
