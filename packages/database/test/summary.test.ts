import { checkView, formatSummary, type Property, type Row, summarize, type SummaryKind, summaryKindsFor, type View, viewSchema } from '../src/index.js';
import { context, row, scope, TASKS, tasksSchema } from './fixtures.js';

const rows: Row[] = [
  row({ title: 'a', points: 10, tags: ['ui', 'bug'], done: true, due: { start: '2026-03-10', end: null }, notes: 'x' }, { id: 'a' }),
  row({ title: 'b', points: 2, tags: ['ui'], done: false, due: { start: '2026-03-02', end: null }, notes: '  ' }, { id: 'b' }),
  row({ title: 'c', points: 3, tags: [], due: { start: '2026-03-20', end: null } }, { id: 'c' }),
  row({ title: 'd', points: -1, done: true, notes: 'x' }, { id: 'd' }),
  row({ title: '' }, { id: 'e' }),
];
const prop = (id: string) => tasksSchema.properties.find((p) => p.id === id)!;
const sum = (kind: SummaryKind, id: string, list: Row[] = rows) => summarize(kind, prop(id), list, scope(tasksSchema, { [TASKS]: rows }, context()));

describe('column summaries', () => {
  it('counts all, values, empty (blank text is empty), unique and the percentages', () => {
    expect(sum('count_all', 'notes')).toEqual({ kind: 'count', value: 5 });
    expect(sum('count_empty', 'notes')).toEqual({ kind: 'count', value: 3 });
    expect(sum('count_values', 'notes')).toEqual({ kind: 'count', value: 2 });
    expect(sum('count_unique', 'notes')).toEqual({ kind: 'count', value: 1 });
    expect(sum('percent_empty', 'notes')).toEqual({ kind: 'percent', value: 0.6 });
    expect(sum('percent_not_empty', 'title')).toEqual({ kind: 'percent', value: 0.8 });
  });

  it('counts each option of a multi-select as a value, and unique options once', () => {
    expect(sum('count_values', 'tags')).toEqual({ kind: 'count', value: 3 });
    expect(sum('count_unique', 'tags')).toEqual({ kind: 'count', value: 2 });
    expect(sum('count_empty', 'tags')).toEqual({ kind: 'count', value: 3 });
  });

  it('sums, averages, takes the median, min, max and range of numbers, skipping empty cells', () => {
    expect(sum('sum', 'points')).toEqual({ kind: 'number', value: 14 });
    expect(sum('average', 'points')).toEqual({ kind: 'number', value: 3.5 });
    expect(sum('median', 'points')).toEqual({ kind: 'number', value: 2.5 });
    expect(sum('median', 'points', rows.slice(0, 3))).toEqual({ kind: 'number', value: 3 });
    expect(sum('min', 'points')).toEqual({ kind: 'number', value: -1 });
    expect(sum('max', 'points')).toEqual({ kind: 'number', value: 10 });
    expect(sum('range', 'points')).toEqual({ kind: 'number', value: 11 });
    // Formulas that produce numbers summarise as numbers (Double = Points * 2).
    expect(sum('sum', 'double')).toEqual({ kind: 'number', value: 28 });
  });

  it('over no numbers: a sum of 0, no average', () => {
    expect(sum('sum', 'points', [rows[4]!])).toEqual({ kind: 'number', value: 0 });
    expect(sum('average', 'points', [])).toBeNull();
    expect(sum('percent_empty', 'points', [])).toBeNull();
  });

  it('checkboxes: checked, unchecked (an untouched box is unchecked), percent checked', () => {
    expect(sum('checked', 'done')).toEqual({ kind: 'count', value: 2 });
    expect(sum('unchecked', 'done')).toEqual({ kind: 'count', value: 3 });
    expect(sum('percent_checked', 'done')).toEqual({ kind: 'percent', value: 0.4 });
  });

  it('dates: earliest, latest and the range between them', () => {
    expect(sum('earliest', 'due')).toEqual({ kind: 'date', value: { start: '2026-03-02', end: null } });
    expect(sum('latest', 'due')).toEqual({ kind: 'date', value: { start: '2026-03-20', end: null } });
    expect(sum('date_range', 'due')).toEqual({ kind: 'duration', ms: 18 * 86_400_000 });
    expect(sum('earliest', 'due', [rows[3]!])).toBeNull();
  });

  it('offers only the summaries that fit a type, and computes nothing for one that does not', () => {
    expect(summaryKindsFor(prop('done'))).toEqual(['count_all', 'checked', 'unchecked', 'percent_checked']);
    expect(summaryKindsFor(prop('notes'))).not.toContain('sum');
    expect(summaryKindsFor(prop('points'))).toContain('median');
    expect(summaryKindsFor(prop('due'))).toContain('date_range');
    expect(sum('sum', 'notes')).toBeNull();
  });

  it('formats as the footer shows it', () => {
    const points = prop('points');
    const dollars = { ...points, format: 'currency', currency: 'USD' } as Property;
    expect(formatSummary({ kind: 'number', value: 10 / 3 }, points, 'UTC')).toBe('3.33');
    expect(formatSummary({ kind: 'number', value: 1234.5 }, dollars, 'UTC')).toBe('$1,234.50');
    expect(formatSummary({ kind: 'percent', value: 2 / 3 }, points, 'UTC')).toBe('66.7%');
    expect(formatSummary({ kind: 'count', value: 10_000 }, points, 'UTC')).toBe('10,000');
    expect(formatSummary({ kind: 'date', value: { start: '2026-03-02', end: '2026-03-04' } }, prop('due'), 'UTC')).toBe('2026-03-02');
    expect(formatSummary({ kind: 'duration', ms: 18 * 86_400_000 }, prop('due'), 'UTC')).toBe('18 days');
    expect(formatSummary({ kind: 'duration', ms: 90 * 60_000 }, prop('meet'), 'UTC')).toBe('1 h 30 min');
    expect(formatSummary(null, points, 'UTC')).toBe('—');
  });
});

describe('summaries in a view', () => {
  const base: View = { id: 'v', name: 'Table', layout: 'table', filter: null, sorts: [], groupBy: null, properties: [] };
  it('are validated: known kinds only, and each must fit its property', () => {
    expect(viewSchema.safeParse({ ...base, summaries: { points: 'sum', due: 'earliest' } }).success).toBe(true);
    expect(viewSchema.safeParse({ ...base, summaries: { points: 'total' } }).success).toBe(false);
    expect(checkView({ ...base, summaries: { points: 'sum' } }, tasksSchema)).toEqual([]);
    expect(checkView({ ...base, summaries: { notes: 'sum' } }, tasksSchema)[0]?.message).toBe('Notes (text) has no summary sum');
    expect(checkView({ ...base, summaries: { gone: 'count_all' } }, tasksSchema)[0]?.message).toBe('no property gone');
  });
});
