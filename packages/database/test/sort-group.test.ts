import { EMPTY_GROUP, exportViewCsv, groupRows, queryView, type Row, sortRows, type View, viewSchema, checkView, visibleProperties } from '../src/index.js';
import { context, row, scope, TASKS, tasksSchema } from './fixtures.js';

const rows: Row[] = [
  row({ title: 'banana', points: 10, status: 'done', prio: 'low', tags: ['ui'], due: { start: '2026-03-10', end: null }, owner: ['bob'], done: true }, { id: 'b' }),
  row({ title: 'Apple', points: 2, status: 'todo', prio: 'high', tags: ['bug', 'ui'], due: { start: '2026-03-02', end: null }, owner: ['alice'] }, { id: 'a' }),
  row({ title: 'cherry', status: 'doing', tags: [], meet: { start: '2026-03-10T23:00:00Z', end: null } }, { id: 'c' }),
  row({ title: 'item 10', points: 2, prio: 'high', owner: ['alice', 'bob'] }, { id: 'i10' }),
  row({ title: 'item 9', points: -1 }, { id: 'i9' }),
];
const s = (ctx = context()) => scope(tasksSchema, { [TASKS]: rows }, ctx);
const order = (sorts: { property: string; direction: 'ascending' | 'descending' }[]) => sortRows(rows, sorts, s()).map((r) => r.id);

describe('sorting', () => {
  it('text sorts case-insensitively with numbers in natural order', () => {
    expect(order([{ property: 'title', direction: 'ascending' }])).toEqual(['a', 'b', 'c', 'i9', 'i10']);
    expect(order([{ property: 'title', direction: 'descending' }])).toEqual(['i10', 'i9', 'c', 'b', 'a']);
  });

  it('empty cells go last in both directions; ties keep the row order', () => {
    expect(order([{ property: 'points', direction: 'ascending' }])).toEqual(['i9', 'a', 'i10', 'b', 'c']);
    expect(order([{ property: 'points', direction: 'descending' }])).toEqual(['b', 'a', 'i10', 'i9', 'c']);
  });

  it('selects and statuses sort by option order, not by name', () => {
    expect(order([{ property: 'status', direction: 'ascending' }])).toEqual(['a', 'c', 'b', 'i10', 'i9']);
    expect(order([{ property: 'prio', direction: 'ascending' }])).toEqual(['a', 'i10', 'b', 'c', 'i9']);
  });

  it('several levels', () => {
    expect(order([{ property: 'points', direction: 'ascending' }, { property: 'title', direction: 'descending' }])).toEqual(['i9', 'i10', 'a', 'b', 'c']);
  });

  it('checkboxes sort unchecked first; dates by day; formulas by their value; people by name', () => {
    expect(order([{ property: 'done', direction: 'descending' }])).toEqual(['b', 'a', 'c', 'i10', 'i9']);
    expect(order([{ property: 'due', direction: 'ascending' }])).toEqual(['a', 'b', 'c', 'i10', 'i9']);
    expect(order([{ property: 'double', direction: 'descending' }])).toEqual(['b', 'a', 'i10', 'i9', 'c']);
    expect(order([{ property: 'owner', direction: 'ascending' }])).toEqual(['a', 'i10', 'b', 'c', 'i9']);
  });

  it('a sort on a deleted property is ignored', () => {
    expect(order([{ property: 'gone', direction: 'ascending' }])).toEqual(['b', 'a', 'c', 'i10', 'i9']);
  });
});

describe('grouping', () => {
  const groups = (groupBy: Parameters<typeof groupRows>[1], ctx = context()) =>
    groupRows(rows, groupBy, s(ctx)).map((g) => [g.key, g.label, g.rows.map((r) => r.id)]);

  it('status by option keeps every column (even empty) and puts rows without a value first', () => {
    expect(groups({ property: 'status' })).toEqual([
      [EMPTY_GROUP, 'No Status', ['i10', 'i9']],
      ['todo', 'Not started', ['a']],
      ['doing', 'In progress', ['c']],
      ['review', 'Review', []],
      ['done', 'Done', ['b']],
    ]);
  });

  it('status by To-do / In progress / Done, and hiding the empty group', () => {
    expect(groups({ property: 'status', statusBy: 'group', hideEmpty: true })).toEqual([
      ['todo', 'To-do', ['a']],
      ['in_progress', 'In progress', ['c']],
      ['done', 'Done', ['b']],
    ]);
  });

  it('a row with several tags or people is in each of their groups', () => {
    expect(groups({ property: 'tags' })).toEqual([
      [EMPTY_GROUP, 'No Tags', ['c', 'i10', 'i9']],
      ['bug', 'Bug', ['a']],
      ['ui', 'UI', ['b', 'a']],
      ['api', 'API', []],
    ]);
    expect(groups({ property: 'owner' })).toEqual([
      [EMPTY_GROUP, 'No Owner', ['c', 'i9']],
      ['alice', 'Alice Adams', ['a', 'i10']],
      ['bob', 'Bob Brown', ['b', 'i10']],
    ]);
  });

  it('checkbox groups, number ranges and hidden groups', () => {
    expect(groups({ property: 'done' })).toEqual([
      ['false', 'Unchecked', ['a', 'c', 'i10', 'i9']],
      ['true', 'Checked', ['b']],
    ]);
    expect(groups({ property: 'points', numberBucket: 5 })).toEqual([
      [EMPTY_GROUP, 'No Points', ['c']],
      ['n:-5', '-5 – 0', ['i9']],
      ['n:0', '0 – 5', ['a', 'i10']],
      ['n:10', '10 – 15', ['b']],
    ]);
    expect(groups({ property: 'prio', hiddenGroups: [EMPTY_GROUP, 'low'] })).toEqual([['high', 'High', ['a', 'i10']]]);
  });

  it('dates group by day, week, month in the viewer zone', () => {
    expect(groups({ property: 'due', dateUnit: 'month', hideEmpty: true })).toEqual([['2026-03', '2026-03', ['b', 'a']]]);
    expect(groups({ property: 'due', dateUnit: 'week', hideEmpty: true })).toEqual([
      ['2026-03-02', 'Week of 2026-03-02', ['a']],
      ['2026-03-09', 'Week of 2026-03-09', ['b']],
    ]);
    expect(groups({ property: 'meet', hideEmpty: true })).toEqual([['2026-03-10', '2026-03-10', ['c']]]);
    expect(groups({ property: 'meet', hideEmpty: true }, context({ timeZone: 'Europe/Berlin' }))).toEqual([['2026-03-11', '2026-03-11', ['c']]]);
  });

  it('text groups by value, case-insensitively', () => {
    const texts = [row({ title: 'x', notes: 'Later' }, { id: '1' }), row({ title: 'y', notes: 'later' }, { id: '2' }), row({ title: 'z', notes: 'Now' }, { id: '3' })];
    const g = groupRows(texts, { property: 'notes', hideEmpty: true }, scope(tasksSchema, { [TASKS]: texts }));
    expect(g.map((x) => [x.label, x.rows.map((r) => r.id)])).toEqual([
      ['Later', ['1', '2']],
      ['Now', ['3']],
    ]);
  });
});

describe('views', () => {
  const view: View = viewSchema.parse({
    id: 'v1',
    name: 'My open tasks',
    layout: 'board',
    filter: { combinator: 'and', conditions: [{ property: 'owner', operator: 'has_any', value: ['@me'] }] },
    sorts: [{ property: 'title', direction: 'ascending' }],
    groupBy: { property: 'status', hideEmpty: false },
    properties: [
      { id: 'points', visible: true, width: 120 },
      { id: 'notes', visible: false },
    ],
  });

  it('queryView filters, sorts and groups', () => {
    const result = queryView(view, rows, s());
    expect(result.rows.map((r) => r.id)).toEqual(['a', 'i10']);
    expect(result.groups!.map((g) => [g.key, g.rows.length])).toEqual([
      [EMPTY_GROUP, 1],
      ['todo', 1],
      ['doing', 0],
      ['review', 0],
      ['done', 0],
    ]);
  });

  it('the search box matches any shown cell', () => {
    expect(queryView({ ...view, filter: null }, rows, s(), 'BOB').rows.map((r) => r.id)).toEqual(['b', 'i10']);
    expect(queryView({ ...view, filter: null }, rows, s(), 'ui').rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('visible properties: listed order, then unseen ones; hidden are left out; the title always shows', () => {
    const shown = visibleProperties(view, tasksSchema);
    expect(shown.slice(0, 3)).toEqual(['title', 'points', 'status']);
    expect(shown).not.toContain('notes');
  });

  it('checkView finds references that do not fit', () => {
    const bad = viewSchema.parse({ ...view, groupBy: { property: 'notes' }, calendarBy: 'points', sorts: [{ property: 'zz', direction: 'ascending' }] });
    expect(checkView(bad, tasksSchema).map((i) => i.path.join('.'))).toEqual(['sorts.0', 'groupBy', 'calendarBy']);
    expect(checkView(view, tasksSchema)).toEqual([]);
  });

  it('exports the view as CSV with defused formulas and a BOM', () => {
    const withFormulaText = [...rows, row({ title: '=HYPERLINK("http://evil")', owner: ['alice'], points: 1.5 }, { id: 'evil' })];
    const csv = exportViewCsv({ ...view, properties: [{ id: 'points', visible: true }, { id: 'status', visible: true }, { id: 'owner', visible: true }, ...tasksSchema.properties.filter((p) => !['title', 'points', 'status', 'owner'].includes(p.id)).map((p) => ({ id: p.id, visible: false }))] }, withFormulaText, scope(tasksSchema, { [TASKS]: withFormulaText }));
    expect(csv).toBe('\uFEFFTask,Points,Status,Owner\r\n"\'=HYPERLINK(""http://evil"")",1.5,,Alice Adams\r\nApple,2,Not started,Alice Adams\r\nitem 10,2,,"Alice Adams, Bob Brown"\r\n');
  });
});

describe('booleans from formulas', () => {
  it('sort false before true and are not empty', () => {
    const schema = { ...tasksSchema, properties: [...tasksSchema.properties, { id: 'big', name: 'Big', type: 'formula' as const, expression: 'prop("Points") > 5' }] };
    const sc = scope(schema, { [TASKS]: rows });
    expect(sortRows(rows, [{ property: 'big', direction: 'ascending' }], sc).map((r) => r.id)).toEqual(['a', 'c', 'i10', 'i9', 'b']);
    expect(queryView({ filter: { combinator: 'and', conditions: [{ property: 'big', operator: 'is_empty' }] }, sorts: [], groupBy: null, properties: [] }, rows, sc).rows.map((r) => r.id)).toEqual([]);
  });
});
