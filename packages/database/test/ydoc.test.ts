import * as Y from 'yjs';
import {
  addProperty,
  addRows,
  addView,
  databaseUndoManager,
  DatabaseDocError,
  deleteProperty,
  deleteRows,
  deleteView,
  initDatabase,
  isDatabaseDoc,
  moveProperty,
  moveRow,
  observeDatabase,
  readRow,
  readRows,
  rowIds,
  readSchema,
  readViews,
  setCells,
  updateProperty,
  updateView,
} from '../src/ydoc.js';
import { DATABASE_FIELDS } from '../src/ydoc.js';
import { DatabaseLimits } from '../src/limits.js';
import { ada, bob, copy, DB, fresh, seeded } from './ydoc-fixtures.js';

// Two replicas of one database: a is seeded, b receives a's state.
function pair(): [Y.Doc, Y.Doc] {
  const a = seeded([{ id: 'r1', values: { name: 'First' } }, { id: 'r2', values: { name: 'Second' } }]);
  return [a, copy(a, 2)];
}

function sync(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA);
  Y.applyUpdate(a, fromB);
}

describe('database in a Yjs document', () => {
  it('starts with a title property and a table view, once', () => {
    const doc = fresh(1);
    expect(isDatabaseDoc(doc)).toBe(false);
    initDatabase(doc, { titleId: 'name', viewId: 'v1' });
    expect(isDatabaseDoc(doc)).toBe(true);
    expect(readSchema(doc, DB)).toEqual({ id: DB, properties: [{ id: 'name', name: 'Name', type: 'title' }] });
    expect(readViews(doc).map((v) => [v.id, v.layout])).toEqual([['v1', 'table']]);
    expect(() => initDatabase(doc, { titleId: 'x', viewId: 'y' })).toThrow(DatabaseDocError);
  });

  it('keeps properties, rows and views in their order and moves them with one write', () => {
    const [a] = pair();
    expect(readSchema(a, DB).properties.map((p) => p.id)).toEqual(['name', 'pts', 'stage']);
    moveProperty(a, 'stage', 'name', 'pts');
    expect(readSchema(a, DB).properties.map((p) => p.id)).toEqual(['name', 'stage', 'pts']);
    addRows(a, DB, [{ id: 'r0', first: true }, { id: 'r15', after: 'r1' }], ada);
    expect(readRows(a).map((r) => r.id)).toEqual(['r0', 'r1', 'r15', 'r2']);
    moveRow(a, 'r2', null, 'r0', bob);
    expect(readRows(a).map((r) => r.id)).toEqual(['r2', 'r0', 'r1', 'r15']);
    expect(rowIds(a)).toEqual(['r2', 'r0', 'r1', 'r15']);
    expect(readRow(a, 'r2')).toMatchObject({ createdBy: 'ada', lastEditedBy: 'bob', lastEditedTime: bob.now });
  });

  it('refuses invalid writes and changes nothing', () => {
    const [a] = pair();
    const before = Y.encodeStateVector(a);
    expect(() => setCells(a, DB, 'r1', { pts: 'many' }, ada)).toThrow(/Points/);
    expect(() => setCells(a, DB, 'r1', { stage: 'nope' }, ada)).toThrow(/no option nope/);
    expect(() => setCells(a, DB, 'r1', { ghost: 1 }, ada)).toThrow(/no property ghost/);
    expect(() => setCells(a, DB, 'missing', { pts: 1 }, ada)).toThrow(/no row missing/);
    expect(() => addProperty(a, DB, { id: 'p2', name: 'points', type: 'text' })).toThrow(/duplicate property name/);
    expect(() => addProperty(a, DB, { id: 't2', name: 'Other', type: 'title' })).toThrow(/one title/);
    expect(() => deleteProperty(a, DB, 'name')).toThrow(/title/);
    expect(() => deleteView(a, 'v1')).toThrow(/at least one view/);
    expect(() => addView(a, DB, { id: 'b', name: 'Board', layout: 'board', filter: null, sorts: [], groupBy: null, properties: [] })).toThrow(/groups by/);
    expect(() => addRows(a, DB, [{ id: 'r1' }], ada)).toThrow(/exists/);
    expect(() => addRows(a, DB, [{ id: 'twin' }, { id: 'twin' }], ada)).toThrow(/exists/);
    // Two rows, then one short of the limit more: one past it (the boundary itself: limits' rowsFit, csv.test.ts).
    expect(() => addRows(a, DB, Array.from({ length: DatabaseLimits.rows - 1 }, (_, i) => ({ id: `x${i}` })), ada)).toThrow(/at most 50000 rows/);
    expect(Y.encodeStateVector(a)).toEqual(before);
  });

  it('merges concurrent edits of different cells and settles one cell on one value', () => {
    const [a, b] = pair();
    setCells(a, DB, 'r1', { pts: 3 }, ada);
    setCells(b, DB, 'r1', { stage: 'o2' }, bob);
    setCells(a, DB, 'r2', { name: 'From Ada' }, ada);
    setCells(b, DB, 'r2', { name: 'From Bob' }, bob);
    sync(a, b);
    expect(readRows(a)).toEqual(readRows(b));
    expect(readRow(a, 'r1')!.values).toEqual({ name: 'First', pts: 3, stage: 'o2' });
    expect(['From Ada', 'From Bob']).toContain(readRow(a, 'r2')!.values['name']);
  });

  it('merges offline work: rows added on both sides, a drag on each, a property on one', () => {
    const [a, b] = pair();
    addRows(a, DB, [{ id: 'ra' }], ada);
    addRows(b, DB, [{ id: 'rb' }], bob);
    moveRow(a, 'r2', null, 'r1', ada);
    moveRow(b, 'r1', 'r2', null, bob);
    addProperty(b, DB, { id: 'done', name: 'Done', type: 'checkbox' });
    setCells(b, DB, 'rb', { done: true }, bob);
    sync(a, b);
    const ids = readRows(a).map((r) => r.id);
    expect(readRows(b).map((r) => r.id)).toEqual(ids);
    expect(new Set(ids)).toEqual(new Set(['r1', 'r2', 'ra', 'rb']));
    expect(readSchema(a, DB).properties.map((p) => p.id)).toContain('done');
    expect(readRow(a, 'rb')!.values).toEqual({ done: true });
  });

  it('reads a concurrent rename to one name as two distinct names', () => {
    const [a, b] = pair();
    updateProperty(a, DB, { id: 'pts', name: 'Score', type: 'number', format: 'plain' });
    updateProperty(b, DB, { id: 'stage', name: 'Score', type: 'select', options: [] });
    sync(a, b);
    const names = readSchema(a, DB).properties.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(readSchema(b, DB)).toEqual(readSchema(a, DB));
  });

  it('retypes with converted values in one transaction and drops a deleted property\'s cells', () => {
    const [a] = pair();
    setCells(a, DB, 'r1', { pts: 5 }, ada);
    let changes = 0;
    const stop = observeDatabase(a, () => (changes += 1));
    updateProperty(a, DB, { id: 'pts', name: 'Points', type: 'text' }, new Map([['r1', '5']]), bob);
    expect(changes).toBe(1);
    expect(readRow(a, 'r1')!.values['pts']).toBe('5');
    deleteProperty(a, DB, 'pts');
    expect(readRow(a, 'r1')!.values).toEqual({ name: 'First' });
    stop();
    setCells(a, DB, 'r1', { name: 'x' }, ada);
    expect(changes).toBe(2);
  });

  it('says which rows a transaction changed, so a view re-reads only those', () => {
    const [a, b] = pair();
    // Remote edits too: b hears them as a's updates arrive.
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update));
    const seen: { rows: string[]; properties: boolean; views: boolean }[] = [];
    const stop = observeDatabase(b, (c) => seen.push({ rows: [...c.rows].sort(), properties: c.properties, views: c.views }));
    addRows(a, DB, [{ id: 'r3' }, { id: 'r4' }], ada);
    setCells(a, DB, 'r1', { name: 'Renamed' }, bob);
    moveRow(a, 'r2', null, 'r1', ada);
    deleteRows(a, ['r3']);
    updateProperty(a, DB, { id: 'pts', name: 'Points', type: 'text' }, new Map([['r1', '5']]), bob);
    const view = readViews(a)[0]!;
    updateView(a, DB, { ...view, name: 'Renamed view' });
    stop();
    expect(seen).toEqual([
      { rows: ['r3', 'r4'], properties: false, views: false },
      { rows: ['r1'], properties: false, views: false },
      { rows: ['r2'], properties: false, views: false },
      { rows: ['r3'], properties: false, views: false },
      { rows: ['r1'], properties: true, views: false },
      { rows: [], properties: false, views: true },
    ]);
  });

  it('skips entries a hostile or older client wrote that do not parse', () => {
    const [a] = pair();
    a.getMap(DATABASE_FIELDS.properties).set('bad', new Y.Map());
    const rogue = new Y.Map<unknown>();
    rogue.set('def', { id: 'other-id', name: 'X', type: 'text' });
    a.getMap(DATABASE_FIELDS.properties).set('mismatch', rogue);
    a.getMap(DATABASE_FIELDS.rows).set('junk', 'not a map' as never);
    expect(readSchema(a, DB).properties.map((p) => p.id)).toEqual(['name', 'pts', 'stage']);
    expect(readRows(a).map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('updates and deletes views, deletes rows', () => {
    const [a] = pair();
    addView(a, DB, { id: 'v2', name: 'Board', layout: 'board', filter: null, sorts: [], groupBy: { property: 'stage' }, properties: [] });
    updateView(a, DB, { ...readViews(a)[0]!, name: 'All' });
    expect(readViews(a).map((v) => v.name)).toEqual(['All', 'Board']);
    deleteView(a, 'v1');
    expect(readViews(a).map((v) => v.id)).toEqual(['v2']);
    deleteRows(a, ['r1']);
    expect(readRows(a).map((r) => r.id)).toEqual(['r2']);
  });
});

describe('undo of database edits', () => {
  const MINE = Symbol('mine');
  // One change made as this client: one undo step (the web stops capturing after each change).
  function mine(doc: Y.Doc, undo: Y.UndoManager, write: () => void): void {
    doc.transact(write, MINE);
    undo.stopCapturing();
  }

  test('undoes and redoes cell edits, row adds and deletes, views and properties, one change at a time', () => {
    const [a] = pair();
    const undo = databaseUndoManager(a, MINE);
    mine(a, undo, () => setCells(a, DB, 'r1', { pts: 3 }, ada));
    mine(a, undo, () => addRows(a, DB, [{ id: 'r3', values: { name: 'Third' } }], ada));
    mine(a, undo, () => deleteRows(a, ['r2']));
    mine(a, undo, () => updateView(a, DB, { ...readViews(a)[0]!, name: 'Renamed' }));
    mine(a, undo, () => deleteProperty(a, DB, 'stage'));
    undo.undo();
    expect(readSchema(a, DB).properties.map((p) => p.id)).toContain('stage');
    undo.undo();
    expect(readViews(a)[0]!.name).toBe('Table');
    undo.undo();
    expect(readRows(a).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(readRow(a, 'r2')!.values.name).toBe('Second');
    undo.undo();
    expect(readRows(a).map((r) => r.id)).toEqual(['r1', 'r2']);
    undo.undo();
    expect(readRow(a, 'r1')!.values.pts).toBeUndefined();
    expect(undo.canUndo()).toBe(false);
    undo.redo();
    expect(readRow(a, 'r1')!.values.pts).toBe(3);
    undo.redo();
    expect(readRows(a).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
  });

  test('never undoes what another client wrote, nor untracked local writes', () => {
    const [a, b] = pair();
    const undo = databaseUndoManager(a, MINE);
    mine(a, undo, () => setCells(a, DB, 'r1', { pts: 1 }, ada));
    sync(a, b);
    setCells(b, DB, 'r2', { pts: 7 }, bob);
    addRows(b, DB, [{ id: 'rb' }], bob);
    sync(a, b);
    // A write without the tracked origin (e.g. the provider applying a handshake) is not this
    // person's edit either.
    setCells(a, DB, 'r2', { name: 'Second!' }, ada);
    undo.undo();
    sync(a, b);
    for (const doc of [a, b]) {
      expect(readRow(doc, 'r1')!.values.pts).toBeUndefined();
      expect(readRow(doc, 'r2')!.values).toEqual({ name: 'Second!', pts: 7 });
      expect(readRows(doc).map((r) => r.id)).toEqual(['r1', 'r2', 'rb']);
    }
    expect(undo.canUndo()).toBe(false);
  });
});
