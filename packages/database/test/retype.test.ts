import { type DatabaseSchema, type Property, retypeProperty, type Row } from '../src/index.js';
import { context, memorySource, row, TASKS, tasksSchema } from './fixtures.js';

function retype(fromId: string, to: Property, rows: Row[], schema: DatabaseSchema = tasksSchema, ctx = context()) {
  const from = schema.properties.find((p) => p.id === fromId)!;
  const result = retypeProperty({ databaseId: TASKS, schema, rows, source: memorySource([schema], { [TASKS]: rows }), context: ctx }, from, to);
  return { ...result, values: Object.fromEntries(result.values) };
}

describe('retyping a property', () => {
  it('text → number keeps numbers (with separators, %, currency) and lists what is lost', () => {
    const rows = [row({ notes: '1,234.5' }, { id: 'a' }), row({ notes: '50%' }, { id: 'b' }), row({ notes: '$12' }, { id: 'c' }), row({ notes: 'soon' }, { id: 'd' }), row({}, { id: 'e' })];
    const r = retype('notes', { id: 'notes', name: 'Notes', type: 'number', format: 'plain' }, rows);
    expect(r.values).toEqual({ a: 1234.5, b: 0.5, c: 12, d: null, e: null });
    expect(r.losses).toEqual([{ rowId: 'd', before: 'soon', after: '', reason: '"soon" is not a number' }]);
  });

  it('number → text writes plain digits for plain numbers and formatted text otherwise', () => {
    const rows = [row({ points: 3.25 }, { id: 'a' }), row({ points: null }, { id: 'b' })];
    expect(retype('points', { id: 'points', name: 'Points', type: 'text' }, rows).values).toEqual({ a: '3.25', b: '' });
    const money: DatabaseSchema = { ...tasksSchema, properties: tasksSchema.properties.map((p) => (p.id === 'points' ? { ...p, format: 'currency', currency: 'EUR' } as Property : p)) };
    expect(retype('points', { id: 'points', name: 'Points', type: 'text' }, rows, money).values).toEqual({ a: '€3.25', b: '' });
  });

  it('select → multi-select keeps options with their ids and colours', () => {
    const rows = [row({ prio: 'high' }, { id: 'a' }), row({}, { id: 'b' })];
    const r = retype('prio', { id: 'prio', name: 'Priority', type: 'multi_select', options: [] }, rows);
    expect(r.values).toEqual({ a: ['high'], b: [] });
    expect(r.property).toMatchObject({ type: 'multi_select', options: [{ id: 'high', name: 'High', color: 'red' }] });
    expect(r.losses).toEqual([]);
  });

  it('multi-select → select keeps the first chosen option and says so', () => {
    const rows = [row({ tags: ['ui', 'bug'] }, { id: 'a' })];
    const r = retype('tags', { id: 'tags', name: 'Tags', type: 'select', options: [] }, rows);
    expect(r.values).toEqual({ a: 'ui' });
    expect(r.losses).toEqual([{ rowId: 'a', before: 'UI, Bug', after: 'UI', reason: 'kept "UI" only' }]);
  });

  it('text → select and multi-select create options, reusing them case-insensitively', () => {
    const rows = [row({ notes: 'Red' }, { id: 'a' }), row({ notes: 'red' }, { id: 'b' }), row({ notes: 'Blue, Red' }, { id: 'c' })];
    const single = retype('notes', { id: 'notes', name: 'Notes', type: 'select', options: [] }, rows);
    expect(single.property).toMatchObject({ options: [{ name: 'Red' }, { name: 'Blue' }] });
    expect(single.values.a).toBe(single.values.b);
    expect(single.losses.map((l) => l.rowId)).toEqual(['c']);
    const multi = retype('notes', { id: 'notes', name: 'Notes', type: 'multi_select', options: [] }, rows);
    expect((multi.values.c as string[]).length).toBe(2);
    expect(multi.losses).toEqual([]);
  });

  it('text → status puts new options in To-do', () => {
    const r = retype('notes', { id: 'notes', name: 'Notes', type: 'status', options: [{ id: 'd', name: 'Done', color: 'green', group: 'done' }] }, [row({ notes: 'done' }, { id: 'a' }), row({ notes: 'Blocked' }, { id: 'b' })]);
    expect(r.values.a).toBe('d');
    expect(r.property).toMatchObject({ options: [{ id: 'd' }, { name: 'Blocked', group: 'todo' }] });
  });

  it('→ checkbox reads yes/no words and numbers', () => {
    const rows = [row({ notes: 'Yes' }, { id: 'a' }), row({ notes: 'no' }, { id: 'b' }), row({ notes: 'maybe' }, { id: 'c' })];
    const r = retype('notes', { id: 'notes', name: 'Notes', type: 'checkbox' }, rows);
    expect(r.values).toEqual({ a: true, b: false, c: false });
    expect(r.losses.map((l) => l.rowId)).toEqual(['c']);
    expect(retype('points', { id: 'points', name: 'P', type: 'checkbox' }, [row({ points: 0 }, { id: 'z' }), row({ points: 2 }, { id: 'y' })]).values).toEqual({ z: false, y: true });
  });

  it('→ date parses ISO days; date-time → day keeps the viewer\'s day and reports the dropped time', () => {
    const r = retype('notes', { id: 'notes', name: 'Notes', type: 'date', includeTime: false, includeEnd: false }, [row({ notes: '2026/03/01' }, { id: 'a' }), row({ notes: '03/01/2026' }, { id: 'b' })]);
    expect(r.values).toEqual({ a: { start: '2026-03-01', end: null }, b: null });
    const meetings = [row({ meet: { start: '2026-03-10T23:00:00.000Z', end: '2026-03-11T01:00:00.000Z' } }, { id: 'm' })];
    const toDay = retype('meet', { id: 'meet', name: 'Meeting', type: 'date', includeTime: false, includeEnd: false }, meetings, tasksSchema, context({ timeZone: 'Asia/Tokyo' }));
    expect(toDay.values).toEqual({ m: { start: '2026-03-11', end: null } });
    expect(toDay.losses[0]!.reason).toBe('end date dropped, time of day dropped');
    const toTime = retype('due', { id: 'due', name: 'Due', type: 'date', includeTime: true, includeEnd: false }, [row({ due: { start: '2026-03-10', end: null } }, { id: 'd' })], tasksSchema, context({ timeZone: 'Asia/Tokyo' }));
    expect(toTime.values).toEqual({ d: { start: '2026-03-09T15:00:00.000Z', end: null } });
  });

  it('text → person or relation loses the value; person → text shows names', () => {
    const r = retype('notes', { id: 'notes', name: 'Notes', type: 'person' }, [row({ notes: 'Alice' }, { id: 'a' })]);
    expect(r.values).toEqual({ a: [] });
    expect(r.losses).toHaveLength(1);
    expect(retype('owner', { id: 'owner', name: 'Owner', type: 'text' }, [row({ owner: ['alice', 'bob'] }, { id: 'a' })]).values).toEqual({ a: 'Alice Adams, Bob Brown' });
  });

  it('→ formula: stored values are all lost (a formula computes), nothing is written', () => {
    const r = retype('notes', { id: 'notes', name: 'Notes', type: 'formula', expression: '1' }, [row({ notes: 'x' }, { id: 'a' }), row({}, { id: 'b' })]);
    expect(r.values).toEqual({});
    expect(r.losses.map((l) => l.rowId)).toEqual(['a']);
  });

  it('formula → text freezes the computed values', () => {
    const r = retype('double', { id: 'double', name: 'Double', type: 'text' }, [row({ points: 4 }, { id: 'a' })]);
    expect(r.values).toEqual({ a: '8' });
  });
});
