// Where a database lives in its page's Yjs document (issue 17), and the only code that reads or
// writes it there. The collaboration core syncs, persists and versions this document like any page,
// so offline edits merge the same way; the web edits through these functions and the worker's
// projection reads through them.
//
// Layout (top-level Y.Maps of the page's document, beside the page body's XML fragment):
//   db.properties: property id → Y.Map { def: Property, position: key }
//   db.views:      view id     → Y.Map { def: View, position: key }
//   db.rows:       row id      → Y.Map { position, createdTime, createdBy, lastEditedTime,
//                                        lastEditedBy, values: Y.Map<property id, CellValue> }
// Each cell is its own map key, so concurrent edits of different cells never lose one, and one cell
// edited twice ends in one value for everyone (Yjs' map rule: the higher client id wins a tie).
// Order is a fractional-index key per item, so a move is one write and two concurrent moves of
// different items both survive (a Y.Array move would duplicate or drop one).
// Reading never throws: an entry an older or hostile client wrote that does not parse is skipped
// (properties, views) or read as empty (cells), because no server check stands on the edit path.
import * as Y from 'yjs';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { DatabaseDocError } from './doc-error.js';
import { DatabaseLimits, rowsFit } from './limits.js';
import { type DatabaseSchema, databaseSchemaSchema, type Property, propertySchema, PropertyType } from './schema.js';
import { checkCellValue, type Row } from './values.js';
import { checkView, type View, viewSchema } from './view.js';

export const DATABASE_FIELDS = { properties: 'db.properties', views: 'db.views', rows: 'db.rows' } as const;

type Entry = Y.Map<unknown>;

export interface Editor {
  // The user making the change, recorded as the row's last editor.
  userId: string;
  // ISO instant of the change (the caller's clock: the core takes no clock).
  now: string;
}

export { DatabaseDocError };

function properties(doc: Y.Doc): Y.Map<Entry> {
  return doc.getMap<Entry>(DATABASE_FIELDS.properties);
}
function views(doc: Y.Doc): Y.Map<Entry> {
  return doc.getMap<Entry>(DATABASE_FIELDS.views);
}
function rows(doc: Y.Doc): Y.Map<Entry> {
  return doc.getMap<Entry>(DATABASE_FIELDS.rows);
}

// Whether this document holds a database (a page that was never one has no properties).
export function isDatabaseDoc(doc: Y.Doc): boolean {
  return properties(doc).size > 0;
}

// Entries by position, ties broken by id so every replica orders them the same.
function ordered(map: Y.Map<Entry>): [string, Entry][] {
  // Each key read once, not twice per comparison (50,000 rows: ~800,000 comparisons).
  const keyed: { id: string; entry: Entry; key: string }[] = [];
  for (const [id, entry] of map.entries()) if (entry instanceof Y.Map) keyed.push({ id, entry, key: String(entry.get('position') ?? '') });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((e) => [e.id, e.entry]);
}

function lastPosition(map: Y.Map<Entry>): string | null {
  const all = ordered(map);
  const last = all[all.length - 1];
  return last ? String(last[1].get('position') ?? '') || null : null;
}

// The key between the neighbours `before` and `after` (ids in `map`; null = an end).
function positionBetween(map: Y.Map<Entry>, before: string | null, after: string | null): string {
  const key = (id: string | null) => {
    if (id === null) return null;
    const p = map.get(id)?.get('position');
    if (typeof p !== 'string') throw new DatabaseDocError(`no item ${id}`);
    return p;
  };
  const a = key(before);
  const b = key(after);
  // Two replicas can mint the same key concurrently; the id tie-break keeps order deterministic
  // and the next move between them still finds room.
  if (a !== null && b !== null && a >= b) return generateKeyBetween(a, null);
  return generateKeyBetween(a, b);
}

export function readSchema(doc: Y.Doc, databaseId: string): DatabaseSchema {
  const list: Property[] = [];
  const seen = new Set<string>();
  let title = false;
  for (const [id, entry] of ordered(properties(doc))) {
    const parsed = propertySchema.safeParse(entry.get('def'));
    if (!parsed.success || parsed.data.id !== id) continue;
    const key = parsed.data.name.toLocaleLowerCase();
    // A concurrent rename can leave two properties with one name; the later in order is shown with
    // its id appended so formulas stay unambiguous until someone renames it.
    const property = seen.has(key) ? { ...parsed.data, name: `${parsed.data.name} (${id})` } : parsed.data;
    if (property.type === PropertyType.Title) {
      if (title) continue;
      title = true;
    }
    seen.add(property.name.toLocaleLowerCase());
    list.push(property);
  }
  const schema = { id: databaseId, properties: list };
  // A schema without a title (or left invalid by concurrent edits) still reads: rollups pointing at
  // a deleted relation are kept, and evaluation reports them as error values.
  return title ? schema : { id: databaseId, properties: [{ id: 'title', name: 'Name', type: PropertyType.Title }, ...list] };
}

export function readViews(doc: Y.Doc): View[] {
  const list: View[] = [];
  for (const [id, entry] of ordered(views(doc))) {
    const parsed = viewSchema.safeParse(entry.get('def'));
    if (parsed.success && parsed.data.id === id) list.push(parsed.data);
  }
  return list;
}

function rowOf(id: string, entry: Entry): Row {
  const values = entry.get('values');
  const str = (key: string) => {
    const v = entry.get(key);
    return typeof v === 'string' ? v : '';
  };
  return {
    id,
    values: values instanceof Y.Map ? (values.toJSON() as Record<string, unknown>) : {},
    createdTime: str('createdTime'),
    createdBy: str('createdBy'),
    lastEditedTime: str('lastEditedTime'),
    lastEditedBy: str('lastEditedBy'),
  };
}

// Rows in their manual order (the order a view without sorts shows).
export function readRows(doc: Y.Doc): Row[] {
  return ordered(rows(doc)).map(([id, entry]) => rowOf(id, entry));
}

// The row ids in the order readRows reads the rows, without reading them: a caller that must not
// hold its event loop for a whole big database (the worker's projection) reads them a batch at a
// time with readRow.
export function rowIds(doc: Y.Doc): string[] {
  return ordered(rows(doc)).map(([id]) => id);
}

// How many rows the database has, without reading them (a merge checks the row limit first).
export function rowCount(doc: Y.Doc): number {
  return rows(doc).size;
}

export function readRow(doc: Y.Doc, rowId: string): Row | undefined {
  const entry = rows(doc).get(rowId);
  return entry instanceof Y.Map ? rowOf(rowId, entry) : undefined;
}

export function rowPosition(doc: Y.Doc, rowId: string): string | undefined {
  return positionOf(doc, 'rows', rowId);
}

function entryOf(fields: Record<string, unknown>): Entry {
  const entry = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) entry.set(k, v);
  return entry;
}

// A new database: its title property and one table view. Done once, where the page is created.
export function initDatabase(doc: Y.Doc, ids: { titleId: string; viewId: string }): void {
  if (isDatabaseDoc(doc)) throw new DatabaseDocError('this page is already a database');
  doc.transact(() => {
    const title: Property = { id: ids.titleId, name: 'Name', type: PropertyType.Title };
    properties(doc).set(ids.titleId, entryOf({ def: title, position: generateKeyBetween(null, null) }));
    const view: View = { id: ids.viewId, name: 'Table', layout: 'table', filter: null, sorts: [], groupBy: null, properties: [] };
    views(doc).set(ids.viewId, entryOf({ def: view, position: generateKeyBetween(null, null) }));
  });
}

// The schema after a change, checked as a whole (unique names, one title, rollups on relations).
function checkedSchema(doc: Y.Doc, databaseId: string, change: (list: Property[]) => Property[]): void {
  const next = { id: databaseId, properties: change(readSchema(doc, databaseId).properties) };
  const parsed = databaseSchemaSchema.safeParse(next);
  if (!parsed.success) throw new DatabaseDocError(parsed.error.issues[0]?.message ?? 'invalid schema');
}

export function addProperty(doc: Y.Doc, databaseId: string, property: Property, after: string | null = null): void {
  if (properties(doc).has(property.id)) throw new DatabaseDocError(`property ${property.id} exists`);
  if (properties(doc).size >= DatabaseLimits.properties) throw new DatabaseDocError(`a database has at most ${DatabaseLimits.properties} properties`);
  if (property.type === PropertyType.Title) throw new DatabaseDocError('a database has exactly one title property');
  checkedSchema(doc, databaseId, (list) => [...list, property]);
  const map = properties(doc);
  const next = after === null ? null : (ordered(map).find((_, i, all) => all[i - 1]?.[0] === after)?.[0] ?? null);
  const position = after === null ? generateKeyBetween(lastPosition(map), null) : positionBetween(map, after, next);
  map.set(property.id, entryOf({ def: property, position }));
}

// Replace a property's definition (rename, options, format, retype). A retype's converted values
// go in the same transaction (see retypeProperty), so nobody sees the new type with old values.
export function updateProperty(doc: Y.Doc, databaseId: string, property: Property, values?: ReadonlyMap<string, unknown>, by?: Editor): void {
  const entry = properties(doc).get(property.id);
  if (!entry) throw new DatabaseDocError(`no property ${property.id}`);
  checkedSchema(doc, databaseId, (list) => list.map((p) => (p.id === property.id ? property : p)));
  doc.transact(() => {
    entry.set('def', property);
    if (!values) return;
    for (const [rowId, value] of values) {
      const row = rows(doc).get(rowId);
      const cells = row?.get('values');
      if (!(cells instanceof Y.Map)) continue;
      if (value === undefined) cells.delete(property.id);
      else cells.set(property.id, value);
      if (by) touch(row!, by);
    }
  });
}

export function moveProperty(doc: Y.Doc, propertyId: string, before: string | null, after: string | null): void {
  const entry = properties(doc).get(propertyId);
  if (!entry) throw new DatabaseDocError(`no property ${propertyId}`);
  entry.set('position', positionBetween(properties(doc), before, after));
}

// Deleting a property also drops its cells, so a later property never inherits them.
export function deleteProperty(doc: Y.Doc, databaseId: string, propertyId: string): void {
  const def = readSchema(doc, databaseId).properties.find((p) => p.id === propertyId);
  if (!def) throw new DatabaseDocError(`no property ${propertyId}`);
  if (def.type === PropertyType.Title) throw new DatabaseDocError('the title property cannot be deleted');
  checkedSchema(doc, databaseId, (list) => list.filter((p) => p.id !== propertyId));
  doc.transact(() => {
    properties(doc).delete(propertyId);
    for (const row of rows(doc).values()) {
      const cells = row instanceof Y.Map ? row.get('values') : undefined;
      if (cells instanceof Y.Map && cells.has(propertyId)) cells.delete(propertyId);
    }
  });
}

function checkedView(doc: Y.Doc, databaseId: string, view: View): void {
  const parsed = viewSchema.safeParse(view);
  if (!parsed.success) throw new DatabaseDocError(parsed.error.issues[0]?.message ?? 'invalid view');
  const issue = checkView(parsed.data, readSchema(doc, databaseId))[0];
  if (issue) throw new DatabaseDocError(issue.message);
}

export function addView(doc: Y.Doc, databaseId: string, view: View): void {
  if (views(doc).has(view.id)) throw new DatabaseDocError(`view ${view.id} exists`);
  if (views(doc).size >= DatabaseLimits.views) throw new DatabaseDocError(`a database has at most ${DatabaseLimits.views} views`);
  checkedView(doc, databaseId, view);
  views(doc).set(view.id, entryOf({ def: view, position: generateKeyBetween(lastPosition(views(doc)), null) }));
}

export function updateView(doc: Y.Doc, databaseId: string, view: View): void {
  const entry = views(doc).get(view.id);
  if (!entry) throw new DatabaseDocError(`no view ${view.id}`);
  checkedView(doc, databaseId, view);
  entry.set('def', view);
}

export function moveView(doc: Y.Doc, viewId: string, before: string | null, after: string | null): void {
  const entry = views(doc).get(viewId);
  if (!entry) throw new DatabaseDocError(`no view ${viewId}`);
  entry.set('position', positionBetween(views(doc), before, after));
}

export function deleteView(doc: Y.Doc, viewId: string): void {
  if (!views(doc).has(viewId)) throw new DatabaseDocError(`no view ${viewId}`);
  if (readViews(doc).length <= 1) throw new DatabaseDocError('a database keeps at least one view');
  views(doc).delete(viewId);
}

function touch(row: Entry, by: Editor): void {
  row.set('lastEditedTime', by.now);
  row.set('lastEditedBy', by.userId);
}

function checkedValues(schema: DatabaseSchema, values: Readonly<Record<string, unknown>>): void {
  for (const [propertyId, value] of Object.entries(values)) {
    const property = schema.properties.find((p) => p.id === propertyId);
    if (!property) throw new DatabaseDocError(`no property ${propertyId}`);
    const issue = checkCellValue(property, value);
    if (issue) throw new DatabaseDocError(issue);
  }
}

export interface NewRow {
  id: string;
  values?: Readonly<Record<string, unknown>>;
  // Place it after this row (null or absent: at the end; `first` at the start).
  after?: string | null;
  first?: boolean;
  // An exact order key instead (a version restore puts a row back where it was).
  position?: string;
  // When and by whom the row was first made (a restored row keeps its own; absent: `by`, now).
  created?: { time: string; by: string };
}

export function addRows(doc: Y.Doc, databaseId: string, list: readonly NewRow[], by: Editor): void {
  const map = rows(doc);
  if (!rowsFit(map.size, list.length)) throw new DatabaseDocError(`a database has at most ${DatabaseLimits.rows} rows`);
  // One schema read for the batch: reading parses every property, and a CSV import adds thousands.
  const schema = readSchema(doc, databaseId);
  const ids = new Set<string>();
  for (const row of list) {
    if (map.has(row.id) || ids.has(row.id)) throw new DatabaseDocError(`row ${row.id} exists`);
    ids.add(row.id);
    checkedValues(schema, row.values ?? {});
  }
  doc.transact(() => {
    // Rows appended together get keys in one go (n keys after the last), not n appends.
    const appended = list.filter((r) => !r.position && !r.first && (r.after === undefined || r.after === null));
    const keys = generateNKeysBetween(lastPosition(map), null, appended.length);
    for (const row of list) {
      let position: string;
      if (row.position) position = row.position;
      else if (row.first) position = positionBetween(map, null, ordered(map)[0]?.[0] ?? null);
      else if (row.after) {
        const all = ordered(map);
        const i = all.findIndex(([id]) => id === row.after);
        if (i < 0) throw new DatabaseDocError(`no row ${row.after}`);
        position = positionBetween(map, row.after, all[i + 1]?.[0] ?? null);
      } else position = keys[appended.indexOf(row)]!;
      const cells = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(row.values ?? {})) cells.set(k, v);
      map.set(
        row.id,
        entryOf({ position, createdTime: row.created?.time ?? by.now, createdBy: row.created?.by ?? by.userId, lastEditedTime: by.now, lastEditedBy: by.userId, values: cells }),
      );
    }
  });
}

export function setCells(doc: Y.Doc, databaseId: string, rowId: string, values: Readonly<Record<string, unknown>>, by: Editor): void {
  const row = rows(doc).get(rowId);
  const cells = row?.get('values');
  if (!row || !(cells instanceof Y.Map)) throw new DatabaseDocError(`no row ${rowId}`);
  checkedValues(readSchema(doc, databaseId), values);
  doc.transact(() => {
    for (const [k, v] of Object.entries(values)) cells.set(k, v);
    touch(row, by);
  });
}

// Remove cells (as if never set: a view reads them as empty).
export function clearCells(doc: Y.Doc, rowId: string, propertyIds: readonly string[], by: Editor): void {
  const row = rows(doc).get(rowId);
  const cells = row?.get('values');
  if (!row || !(cells instanceof Y.Map)) throw new DatabaseDocError(`no row ${rowId}`);
  doc.transact(() => {
    for (const id of propertyIds) cells.delete(id);
    touch(row, by);
  });
}

// Move a row between two neighbours (a drag in a table without sorts, or within a board column).
export function moveRow(doc: Y.Doc, rowId: string, before: string | null, after: string | null, by: Editor): void {
  const row = rows(doc).get(rowId);
  if (!row) throw new DatabaseDocError(`no row ${rowId}`);
  doc.transact(() => {
    row.set('position', positionBetween(rows(doc), before, after));
    touch(row, by);
  });
}

export type DatabasePart = keyof typeof DATABASE_FIELDS;

function part(doc: Y.Doc, which: DatabasePart): Y.Map<Entry> {
  return which === 'properties' ? properties(doc) : which === 'views' ? views(doc) : rows(doc);
}

// An item's order key (a property, view or row), as stored.
export function positionOf(doc: Y.Doc, which: DatabasePart, id: string): string | undefined {
  const p = part(doc, which).get(id)?.get('position');
  return typeof p === 'string' ? p : undefined;
}

// Give an item an exact order key (one a version had): a restore puts items back in the version's
// order with one write each, whatever happened between. A row records `by` as its last editor.
export function setPosition(doc: Y.Doc, which: DatabasePart, id: string, position: string, by: Editor): void {
  const entry = part(doc, which).get(id);
  if (!(entry instanceof Y.Map)) throw new DatabaseDocError(`no item ${id}`);
  if (!position) throw new DatabaseDocError('an order key must not be empty');
  doc.transact(() => {
    entry.set('position', position);
    if (which === 'rows') touch(entry, by);
  });
}

export function deleteRows(doc: Y.Doc, rowIds: readonly string[]): void {
  doc.transact(() => {
    for (const id of rowIds) rows(doc).delete(id);
  });
}

// Undo and redo of one person's own database edits: the properties, views and rows maps, and only
// the transactions made with `origin` (this client's writes, e.g. `doc.transact(write, origin)`), so
// an edit someone else made meanwhile is never undone. The page body has its own undo in the editor.
export function databaseUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
  return new Y.UndoManager([properties(doc), views(doc), rows(doc)], { trackedOrigins: new Set([origin]) });
}

// What one transaction changed in the database part: which rows (added, removed, or any field or
// cell of theirs), and whether the properties or the views changed. A view over 10,000 rows re-reads
// only the rows named here instead of all of them.
export interface DatabaseChange {
  rows: ReadonlySet<string>;
  properties: boolean;
  views: boolean;
}

// Call `listener` once after every transaction that changed the database part of the document
// (not the page body): a retype's definition and values arrive as one change.
export function observeDatabase(doc: Y.Doc, listener: (change: DatabaseChange) => void): () => void {
  const props = properties(doc);
  const viewMap = views(doc);
  const rowMap = rows(doc);
  const handler = (tr: Y.Transaction) => {
    const change = { rows: new Set<string>(), properties: false, views: false };
    for (const type of tr.changedParentTypes.keys()) {
      // Walk up from the changed type to its top-level type (the one without an item), noting the
      // key it hangs under in that top-level map (the row id for rows).
      let item = type._item;
      let top: unknown = type;
      let key: string | null = null;
      while (item) {
        top = item.parent;
        key = item.parentSub;
        item = item.parent instanceof Y.AbstractType ? item.parent._item : null;
      }
      if (top === props) change.properties = true;
      else if (top === viewMap) change.views = true;
      else if (top === rowMap) {
        // The rows map itself changed: rows added or removed (its changed keys).
        if ((type as unknown) === rowMap) for (const id of tr.changed.get(type) ?? []) if (id !== null) change.rows.add(id);
        if (key !== null) change.rows.add(key);
      }
    }
    if (change.properties || change.views || change.rows.size > 0) listener(change);
  };
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}
