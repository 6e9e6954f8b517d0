import { PropertyType, queryView } from '@tandem/database';
import { addProperty, addRows, deleteRows, initDatabase, moveRow, readRows, setCells } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import { scopeFor, viewerContext } from './model';
import { DatabaseStore } from './store';

const by = { userId: 'u1', now: '2026-11-30T08:00:00.000Z' };

describe('DatabaseStore', () => {
  it('re-reads once per transaction on the database part, and not for the page body', () => {
    const doc = new Y.Doc();
    const store = new DatabaseStore(doc, 'db1');
    expect(store.getSnapshot().ready).toBe(false);
    let calls = 0;
    const stop = store.subscribe(() => (calls += 1));
    initDatabase(doc, { titleId: 'title', viewId: 'v1' });
    expect(calls).toBe(1);
    expect(store.getSnapshot().ready).toBe(true);
    const first = store.getSnapshot();
    doc.getXmlFragment('default').insert(0, [new Y.XmlText('body')]);
    expect(calls).toBe(1);
    expect(store.getSnapshot()).toBe(first);
    addRows(doc, 'db1', [{ id: 'r1', values: { title: 'One' } }, { id: 'r2', values: { title: 'Two' } }], by);
    expect(calls).toBe(2);
    expect(store.getSnapshot().rows.map((r) => r.id)).toEqual(['r1', 'r2']);
    stop();
    setCells(doc, 'db1', 'r1', { title: 'Uno' }, by);
    expect(calls).toBe(2);
  });

  it('sees edits another replica makes, and a view query over them filters and sorts', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
    initDatabase(a, { titleId: 'title', viewId: 'v1' });
    addProperty(a, 'db1', { id: 'pts', name: 'Points', type: PropertyType.Number, format: 'plain' });
    const store = new DatabaseStore(b, 'db1');
    store.subscribe(() => undefined);
    addRows(a, 'db1', [1, 5, 3].map((n) => ({ id: `r${n}`, values: { title: `Task ${n}`, pts: n } })), by);
    const { schema, views, rows } = store.getSnapshot();
    const view = { ...views[0]!, filter: { combinator: 'and' as const, conditions: [{ property: 'pts', operator: 'gt' as const, value: 1 }] }, sorts: [{ property: 'pts', direction: 'descending' as const }] };
    const result = queryView(view, rows, scopeFor('db1', schema, rows, viewerContext('u1', () => undefined)));
    expect(result.rows.map((r) => r.id)).toEqual(['r5', 'r3']);
  });
});

describe('DatabaseStore, incrementally', () => {
  it('reads the same rows in the same order as readRows after any mix of remote edits', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
    initDatabase(a, { titleId: 'title', viewId: 'v1' });
    const store = new DatabaseStore(b, 'db1');
    store.subscribe(() => undefined);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const ids: string[] = [];
    for (let step = 0; step < 300; step += 1) {
      const op = random(5);
      if (op === 0 || ids.length < 3) {
        const id = `r${step}`;
        addRows(a, 'db1', [{ id, values: { title: id }, ...(ids.length && random(2) ? { after: ids[random(ids.length)]! } : {}) }], by);
        ids.push(id);
      } else if (op === 1) {
        setCells(a, 'db1', ids[random(ids.length)]!, { title: `t${step}` }, by);
      } else if (op === 2) {
        const [x, y, z] = [ids[random(ids.length)]!, ids[random(ids.length)]!, ids[random(ids.length)]!];
        if (x !== y && x !== z && y !== z) moveRow(a, x, y, z, by);
      } else if (op === 3) {
        const id = ids.splice(random(ids.length), 1)[0]!;
        deleteRows(a, [id]);
      } else {
        b.transact(() => undefined);
      }
      expect(store.getSnapshot().rows).toEqual(readRows(b));
    }
  });
});
