import * as Y from 'yjs';
import { restoreDatabase } from '../src/ydoc-restore.js';
import {
  addProperty,
  addRows,
  addView,
  DatabaseDocError,
  deleteProperty,
  deleteRows,
  deleteView,
  moveProperty,
  moveRow,
  positionOf,
  readRow,
  readRows,
  readSchema,
  readViews,
  setCells,
  updateProperty,
  updateView,
} from '../src/ydoc.js';
import { ada, bob, copy, cy, DB, seeded, stage } from './ydoc-fixtures.js';

// The page at the version's time: three rows, two properties besides the title, two views.
function versioned(): Y.Doc {
  const doc = seeded([
    { id: 'r1', values: { name: 'First', pts: 1, stage: 'o1' } },
    { id: 'r2', values: { name: 'Second', pts: 2 } },
    { id: 'r3', values: { name: 'Third', stage: 'o2' } },
  ]);
  addView(doc, DB, { id: 'v2', name: 'Board', layout: 'board', filter: null, sorts: [], groupBy: { property: 'stage' }, properties: [] });
  return doc;
}

// What a reader sees of the database (ignoring who edited last).
function database(doc: Y.Doc) {
  return {
    schema: readSchema(doc, DB),
    views: readViews(doc),
    rows: readRows(doc).map((r) => ({ id: r.id, values: r.values, createdTime: r.createdTime, createdBy: r.createdBy })),
  };
}

// Restore `version` into a copy of `current` as `by`, returning the edit as an update.
function restore(current: Y.Doc, version: Y.Doc, by = cy): Uint8Array {
  const before = Y.encodeStateVector(current);
  restoreDatabase(current, DB, version, by);
  return Y.encodeStateAsUpdate(current, before);
}

describe('restoring a version of a database', () => {
  it('brings back deleted rows under their ids, removes added ones, sets changed cells back, in the version\'s order', () => {
    const version = versioned();
    const page = copy(version, 2);
    deleteRows(page, ['r2']);
    addRows(page, DB, [{ id: 'r4', values: { name: 'Fourth' } }], bob);
    setCells(page, DB, 'r1', { name: 'First!', pts: 10 }, bob);
    setCells(page, DB, 'r3', { pts: 3 }, bob);
    moveRow(page, 'r3', null, 'r1', bob);
    expect(database(page)).not.toEqual(database(version));

    restore(page, version);
    expect(database(page)).toEqual(database(version));
    expect(readRows(page).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    // The row that came back keeps when and by whom it was made; the restorer is its last editor.
    expect(readRow(page, 'r2')).toMatchObject({ createdBy: 'ada', createdTime: ada.now, lastEditedBy: 'cy', lastEditedTime: cy.now });
    expect(positionOf(page, 'rows', 'r2')).toBe(positionOf(version, 'rows', 'r2'));
    // A cell set since (r3's points) is removed, not set to an empty value.
    expect(readRow(page, 'r3')!.values).toEqual({ name: 'Third', stage: 'o2' });
  });

  it('restores properties (deleted, added, renamed, retyped, reordered) and views', () => {
    const version = versioned();
    const page = copy(version, 2);
    deleteProperty(page, DB, 'stage');
    addProperty(page, DB, { id: 'done', name: 'Done', type: 'checkbox' });
    setCells(page, DB, 'r1', { done: true }, bob);
    updateProperty(page, DB, { id: 'pts', name: 'Score', type: 'text' }, new Map([['r1', '1'], ['r2', '2']]), bob);
    moveProperty(page, 'done', null, 'name');
    addView(page, DB, { id: 'v3', name: 'List', layout: 'list', filter: null, sorts: [], groupBy: null, properties: [] });
    deleteView(page, 'v2');
    updateView(page, DB, { id: 'v1', name: 'Everything', layout: 'table', filter: null, sorts: [{ property: 'name', direction: 'descending' }], groupBy: null, properties: [] });

    restore(page, version);
    expect(database(page)).toEqual(database(version));
    expect(readSchema(page, DB).properties.map((p) => p.id)).toEqual(['name', 'pts', 'stage']);
    expect(readViews(page).map((v) => v.id)).toEqual(['v1', 'v2']);
  });

  it('restores two properties that swapped names, and a rollup whose relation was deleted', () => {
    const version = versioned();
    addProperty(version, DB, { id: 'rel', name: 'Parent', type: 'relation', targetDatabaseId: DB, syncedPropertyId: null });
    addProperty(version, DB, { id: 'sum', name: 'Total', type: 'rollup', relationPropertyId: 'rel', targetPropertyId: 'pts', function: 'sum' });
    const page = copy(version, 2);
    updateProperty(page, DB, { id: 'pts', name: 'Tmp', type: 'number', format: 'plain' });
    updateProperty(page, DB, { ...stage, name: 'Points' });
    updateProperty(page, DB, { id: 'pts', name: 'Stage', type: 'number', format: 'plain' });
    deleteProperty(page, DB, 'sum');
    deleteProperty(page, DB, 'rel');

    restore(page, version);
    expect(database(page)).toEqual(database(version));
  });

  it('writes nothing when the database already equals the version', () => {
    const version = versioned();
    const page = copy(version, 2);
    const update = restore(page, version);
    const decoded = Y.decodeUpdate(update);
    expect(decoded.structs).toHaveLength(0);
    expect(decoded.ds.clients.size).toBe(0);
  });

  it('writes only what differs: one changed cell is one cell write', () => {
    const version = versioned();
    const page = copy(version, 2);
    setCells(page, DB, 'r2', { pts: 20 }, bob);
    const size = restore(page, version).byteLength;
    // A cell, the row's last-edited pair and the deletions: far below rewriting the rows (~1 KB).
    expect(size).toBeLessThan(200);
  });

  it('is an ordinary edit: concurrent and later edits by others merge with it', () => {
    const version = versioned();
    const server = copy(version, 2);
    const bobs = copy(version, 3);
    setCells(server, DB, 'r2', { pts: 99 }, ada);
    deleteRows(server, ['r3']);
    Y.applyUpdate(bobs, Y.encodeStateAsUpdate(server));
    // Bob, offline, edits a row the restore leaves alone and adds one; meanwhile the restore lands.
    const offline = Y.encodeStateVector(bobs);
    setCells(bobs, DB, 'r1', { pts: 5 }, bob);
    const restoring = restore(server, version);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(bobs, Y.encodeStateVector(server)));
    Y.applyUpdate(bobs, restoring);
    expect(Y.encodeStateAsUpdate(bobs, offline).byteLength).toBeGreaterThan(0);
    for (const doc of [server, bobs]) {
      expect(readRows(doc).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
      expect(readRow(doc, 'r1')!.values.pts).toBe(5);
      expect(readRow(doc, 'r2')!.values.pts).toBe(2);
    }
    // And an edit after the restore is just another edit.
    setCells(bobs, DB, 'r3', { name: 'Third, again' }, bob);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(bobs, Y.encodeStateVector(server)));
    expect(readRow(server, 'r3')!.values.name).toBe('Third, again');
  });

  it('leaves out cells of the version that do not fit its schema, and refuses a version without a database', () => {
    const version = versioned();
    // An older client wrote text into a number cell: the version reads it as empty.
    (version.getMap('db.rows').get('r1') as Y.Map<Y.Map<unknown>>).get('values')!.set('pts', 'lots');
    const page = copy(version, 2);
    setCells(page, DB, 'r1', { pts: 7 }, bob);
    restore(page, version);
    expect(readRow(page, 'r1')!.values).toEqual({ name: 'First', stage: 'o1' });
    expect(() => restoreDatabase(page, DB, new Y.Doc(), cy)).toThrow(DatabaseDocError);
  });
});
