import { checkFilter, type Condition, conditionSchema, DatabaseLimits, type Filter, filterSchema, matchesFilter, type Row } from '../src/index.js';
import { context, NOW, row, scope, TASKS, tasksSchema } from './fixtures.js';

const rows = {
  a: row({ title: 'Fix login bug', notes: 'Crash on Safari', points: 3, status: 'doing', prio: 'high', tags: ['bug', 'ui'], due: { start: '2026-03-10', end: null }, owner: ['alice'], done: false, link: 'https://example.com' }, { id: 'a' }),
  b: row({ title: 'Write API docs', notes: '', points: 8, status: 'done', prio: 'low', tags: ['api'], due: { start: '2026-03-04', end: null }, owner: ['bob'], done: true }, { id: 'b', createdBy: 'bob' }),
  c: row({ title: 'Ünïcode Title', points: 0, status: 'todo', tags: [], owner: ['alice', 'carol'], meet: { start: '2026-03-10T22:00:00Z', end: '2026-03-11T01:00:00Z' } }, { id: 'c' }),
  d: row({}, { id: 'd' }),
};
const all: Row[] = Object.values(rows);

function ids(filter: Filter, ctx = context()): string[] {
  const s = scope(tasksSchema, { [TASKS]: all }, ctx);
  return all.filter((r) => matchesFilter(filter, r, s)).map((r) => r.id);
}
const one = (c: Condition, ctx = context()) => ids({ combinator: 'and', conditions: [c] }, ctx);

describe('filter model (zod)', () => {
  it('each operator has one value shape', () => {
    expect(conditionSchema.safeParse({ property: 'notes', operator: 'contains', value: 'x' }).success).toBe(true);
    expect(conditionSchema.safeParse({ property: 'notes', operator: 'contains', value: 3 }).success).toBe(false);
    expect(conditionSchema.safeParse({ property: 'points', operator: 'gt', value: '3' }).success).toBe(false);
    expect(conditionSchema.safeParse({ property: 'points', operator: 'gt', value: NaN }).success).toBe(false);
    expect(conditionSchema.safeParse({ property: 'done', operator: 'is_checked' }).success).toBe(true);
    expect(conditionSchema.safeParse({ property: 'done', operator: 'is_checked', value: true }).success).toBe(false);
    expect(conditionSchema.safeParse({ property: 'owner', operator: 'has_any', value: ['@me'] }).success).toBe(true);
    expect(conditionSchema.safeParse({ property: 'owner', operator: 'has_any', value: [] }).success).toBe(false);
    expect(conditionSchema.safeParse({ property: 'due', operator: 'date_is', value: { kind: 'exact', date: '2026-02-30' } }).success).toBe(false);
    expect(conditionSchema.safeParse({ property: 'due', operator: 'date_within', value: { direction: 'past', amount: 0, unit: 'week' } }).success).toBe(false);
    expect(conditionSchema.safeParse({ property: 'due', operator: 'sql', value: '1=1' }).success).toBe(false);
  });

  it('nests one level only and bounds the number of conditions', () => {
    const c = { property: 'done', operator: 'is_checked' };
    expect(filterSchema.safeParse({ combinator: 'or', conditions: [c, { combinator: 'and', conditions: [c, c] }] }).success).toBe(true);
    const deep = { combinator: 'or', conditions: [{ combinator: 'and', conditions: [{ combinator: 'or', conditions: [c] }] }] };
    expect(filterSchema.safeParse(deep).success).toBe(false);
    const groups = Array.from({ length: 10 }, () => ({ combinator: 'and', conditions: Array.from({ length: 6 }, () => c) }));
    expect(filterSchema.safeParse({ combinator: 'and', conditions: groups }).success).toBe(false);
    expect(filterSchema.safeParse({ combinator: 'and', conditions: Array.from({ length: DatabaseLimits.filterConditions }, () => c) }).success).toBe(true);
  });

  it('checkFilter: unknown property, operator not for the type, unknown option', () => {
    const filter = filterSchema.parse({
      combinator: 'and',
      conditions: [
        { property: 'nope', operator: 'is_empty' },
        { property: 'points', operator: 'contains', value: 'x' },
        { combinator: 'or', conditions: [{ property: 'prio', operator: 'is', value: 'urgent' }, { property: 'status', operator: 'status_group_is', value: 'done' }] },
        { property: 'prio', operator: 'status_group_is', value: 'done' },
        // A group that is no option's id is still a group (it was refused as an unknown option).
        { property: 'status', operator: 'status_group_is', value: 'in_progress' },
      ],
    });
    expect(checkFilter(filter, tasksSchema)).toEqual([
      { path: ['conditions', 0], message: 'no property nope' },
      { path: ['conditions', 1], message: 'Points (number) has no operator contains' },
      { path: ['conditions', 2, 'conditions', 0], message: 'Priority has no option urgent' },
      { path: ['conditions', 3], message: 'Priority (select) has no operator status_group_is' },
    ]);
  });
});

describe('filter semantics', () => {
  it('text: case- and normalisation-insensitive; negatives match empty; an empty value is incomplete', () => {
    expect(one({ property: 'title', operator: 'contains', value: 'BUG' })).toEqual(['a']);
    expect(one({ property: 'title', operator: 'equals', value: 'write api DOCS' })).toEqual(['b']);
    expect(one({ property: 'title', operator: 'starts_with', value: 'u\u0308nï' })).toEqual(['c']);
    expect(one({ property: 'title', operator: 'ends_with', value: 'docs' })).toEqual(['b']);
    expect(one({ property: 'notes', operator: 'not_contains', value: 'safari' })).toEqual(['b', 'c', 'd']);
    expect(one({ property: 'notes', operator: 'not_equals', value: 'crash on safari' })).toEqual(['b', 'c', 'd']);
    expect(one({ property: 'notes', operator: 'contains', value: '' })).toEqual(['a', 'b', 'c', 'd']);
    expect(one({ property: 'notes', operator: 'is_empty' })).toEqual(['b', 'c', 'd']);
    expect(one({ property: 'link', operator: 'is_not_empty' })).toEqual(['a']);
  });

  it('numbers: comparisons never match empty, 0 is not empty, neq matches empty', () => {
    expect(one({ property: 'points', operator: 'gt', value: 2 })).toEqual(['a', 'b']);
    expect(one({ property: 'points', operator: 'lte', value: 3 })).toEqual(['a', 'c']);
    expect(one({ property: 'points', operator: 'eq', value: 0 })).toEqual(['c']);
    expect(one({ property: 'points', operator: 'neq', value: 3 })).toEqual(['b', 'c', 'd']);
    expect(one({ property: 'points', operator: 'is_empty' })).toEqual(['d']);
    expect(one({ property: 'points', operator: 'lt', value: 100 })).toEqual(['a', 'b', 'c']);
  });

  it('select and status: is / is not / any of / none of / status group', () => {
    expect(one({ property: 'prio', operator: 'is', value: 'high' })).toEqual(['a']);
    expect(one({ property: 'prio', operator: 'is_not', value: 'high' })).toEqual(['b', 'c', 'd']);
    expect(one({ property: 'status', operator: 'is_any_of', value: ['doing', 'done'] })).toEqual(['a', 'b']);
    expect(one({ property: 'status', operator: 'is_none_of', value: ['doing', 'done'] })).toEqual(['c', 'd']);
    expect(one({ property: 'status', operator: 'status_group_is', value: 'in_progress' })).toEqual(['a']);
    expect(one({ property: 'status', operator: 'is_empty' })).toEqual(['d']);
  });

  it('multi-select, person and created by: has any / all / none, and "me"', () => {
    expect(one({ property: 'tags', operator: 'has_any', value: ['bug', 'api'] })).toEqual(['a', 'b']);
    expect(one({ property: 'tags', operator: 'has_all', value: ['bug', 'ui'] })).toEqual(['a']);
    expect(one({ property: 'tags', operator: 'has_none', value: ['bug'] })).toEqual(['b', 'c', 'd']);
    expect(one({ property: 'owner', operator: 'has_any', value: ['@me'] })).toEqual(['a', 'c']);
    expect(one({ property: 'owner', operator: 'has_any', value: ['@me'] }, context({ userId: 'bob' }))).toEqual(['b']);
    expect(one({ property: 'owner', operator: 'has_any', value: ['@me'] }, context({ userId: null }))).toEqual([]);
    expect(one({ property: 'author', operator: 'has_any', value: ['@me'] }, context({ userId: 'bob' }))).toEqual(['b']);
    expect(one({ property: 'tags', operator: 'is_empty' })).toEqual(['c', 'd']);
  });

  it('checkbox: unchecked includes never-set', () => {
    expect(one({ property: 'done', operator: 'is_checked' })).toEqual(['b']);
    expect(one({ property: 'done', operator: 'is_unchecked' })).toEqual(['a', 'c', 'd']);
  });

  it('dates: is today / before / after / within, relative to now', () => {
    // NOW is 2026-03-10 23:30 UTC.
    expect(one({ property: 'due', operator: 'date_is', value: { kind: 'relative', relative: 'today' } })).toEqual(['a']);
    expect(one({ property: 'due', operator: 'date_before', value: { kind: 'relative', relative: 'today' } })).toEqual(['b']);
    expect(one({ property: 'due', operator: 'date_on_or_before', value: { kind: 'exact', date: '2026-03-04' } })).toEqual(['b']);
    expect(one({ property: 'due', operator: 'date_after', value: { kind: 'exact', date: '2026-03-04' } })).toEqual(['a']);
    expect(one({ property: 'due', operator: 'date_on_or_after', value: { kind: 'relative', relative: 'one_week_ago' } })).toEqual(['a', 'b']);
    expect(one({ property: 'due', operator: 'date_within', value: { direction: 'past', amount: 1, unit: 'week' } })).toEqual(['a', 'b']);
    expect(one({ property: 'due', operator: 'date_within', value: { direction: 'past', amount: 5, unit: 'day' } })).toEqual(['a']);
    expect(one({ property: 'due', operator: 'date_within', value: { direction: 'next', amount: 1, unit: 'month' } })).toEqual(['a']);
    expect(one({ property: 'due', operator: 'is_empty' })).toEqual(['c', 'd']);
  });

  it('dates: "today" is the viewer\'s today, in their time zone', () => {
    // In Tokyo it is already 2026-03-11: the day-only due date of the 10th is yesterday there.
    const tokyo = context({ timeZone: 'Asia/Tokyo' });
    expect(one({ property: 'due', operator: 'date_is', value: { kind: 'relative', relative: 'today' } }, tokyo)).toEqual([]);
    expect(one({ property: 'due', operator: 'date_is', value: { kind: 'relative', relative: 'yesterday' } }, tokyo)).toEqual(['a']);
    // The meeting 22:00–01:00 UTC is on the 10th and 11th in UTC, on the 11th only in Tokyo (07:00–10:00),
    // and on the 10th only in New York (18:00–21:00).
    const meetOn = (date: string, ctx = context()) => one({ property: 'meet', operator: 'date_is', value: { kind: 'exact', date } }, ctx);
    expect(meetOn('2026-03-10')).toEqual(['c']);
    expect(meetOn('2026-03-11')).toEqual(['c']);
    expect(meetOn('2026-03-10', tokyo)).toEqual([]);
    expect(meetOn('2026-03-11', tokyo)).toEqual(['c']);
    expect(meetOn('2026-03-11', context({ timeZone: 'America/New_York' }))).toEqual([]);
  });

  it('dates: a range is before T when it starts before T and after T when it ends after T', () => {
    const before = (date: string) => one({ property: 'meet', operator: 'date_before', value: { kind: 'exact', date } });
    const after = (date: string) => one({ property: 'meet', operator: 'date_after', value: { kind: 'exact', date } });
    expect(before('2026-03-11')).toEqual(['c']);
    expect(before('2026-03-10')).toEqual([]);
    expect(after('2026-03-10')).toEqual(['c']);
    expect(after('2026-03-11')).toEqual([]);
  });

  it('created time filters like a date-time', () => {
    expect(one({ property: 'created', operator: 'date_is', value: { kind: 'exact', date: '2026-03-01' } })).toEqual(['a', 'b', 'c', 'd']);
    expect(one({ property: 'created', operator: 'date_within', value: { direction: 'past', amount: 1, unit: 'week' } })).toEqual([]);
    expect(one({ property: 'created', operator: 'date_within', value: { direction: 'past', amount: 1, unit: 'month' } }, context({ now: NOW }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('formula results filter by their computed type', () => {
    expect(one({ property: 'double', operator: 'gte', value: 6 })).toEqual(['a', 'b']);
    expect(one({ property: 'double', operator: 'is_empty' })).toEqual(['d']);
    expect(one({ property: 'double', operator: 'contains', value: '6' })).toEqual([]);
  });

  it('AND/OR groups nested one level, empty groups constrain nothing', () => {
    const mine: Condition = { property: 'owner', operator: 'has_any', value: ['@me'] };
    const open: Condition = { property: 'done', operator: 'is_unchecked' };
    expect(ids({ combinator: 'and', conditions: [mine, open] })).toEqual(['a', 'c']);
    expect(ids({ combinator: 'or', conditions: [{ property: 'prio', operator: 'is', value: 'low' }, { combinator: 'and', conditions: [mine, { property: 'points', operator: 'gt', value: 1 }] }] })).toEqual(['a', 'b']);
    expect(ids({ combinator: 'and', conditions: [{ combinator: 'or', conditions: [] }, open] })).toEqual(['a', 'c', 'd']);
    expect(ids({ combinator: 'or', conditions: [] })).toEqual(['a', 'b', 'c', 'd']);
    // A condition on a property that was deleted is dropped, not a reason to hide everything.
    expect(ids({ combinator: 'and', conditions: [{ property: 'gone', operator: 'is_not_empty' }, open] })).toEqual(['a', 'c', 'd']);
  });
});
