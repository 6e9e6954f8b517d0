// Filter semantics, the reference the SQL translation must agree with:
// - Text matching ignores case (and Unicode normalisation form); a text condition with an empty
//   value is incomplete and matches every row, as it does while someone is still typing it.
// - Negative operators (not_equals, not_contains, is_not, is_none_of, has_none, neq) match empty
//   cells; positive ones and comparisons never do.
// - Dates compare by day in the viewer's time zone: a date-only value is that day everywhere, a
//   date-time is the day it falls on for the viewer. A range matches when any day of it does, so
//   "before T" means it starts before T and "after T" that it ends after T.
// - "@me" in has_* conditions is the viewer; with no viewer it matches nobody.
import type { ViewerContext } from './context.js';
import { addDays, addMonths, dayOf, dayOfValue } from './dates.js';
import { type Condition, type DateTarget, type DateWindow, type Filter, isGroup, ME } from './filter.js';
import { isFormulaError } from './formula/errors.js';
import { isDateValue } from './formula/value.js';
import { isEmptyValue, type PropertyValue, type RowResolver } from './resolve.js';
import { type DatabaseSchema, findProperty, type Property, PropertyType } from './schema.js';
import type { Row } from './values.js';

export interface FilterScope {
  databaseId: string;
  schema: DatabaseSchema;
  resolver: RowResolver;
}

export function matchesFilter(filter: Filter | null | undefined, row: Row, scope: FilterScope): boolean {
  if (!filter) return true;
  const test = (c: Condition) => matchesCondition(c, row, scope);
  const items = filter.conditions.map((item) => () => {
    if (!isGroup(item)) return test(item);
    // An empty group constrains nothing (it is being built in the UI).
    if (item.conditions.length === 0) return true;
    return item.combinator === 'and' ? item.conditions.every(test) : item.conditions.some(test);
  });
  if (items.length === 0) return true;
  return filter.combinator === 'and' ? items.every((f) => f()) : items.some((f) => f());
}

export function matchesCondition(condition: Condition, row: Row, scope: FilterScope): boolean {
  const property = findProperty(scope.schema, condition.property);
  // A condition on a deleted property is dropped rather than hiding every row.
  if (!property) return true;
  const value = scope.resolver.value(scope.databaseId, row, property);
  return conditionHolds(condition, property, value, scope.resolver.context);
}

function norm(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase();
}

export function conditionHolds(c: Condition, property: Property, v: PropertyValue, ctx: ViewerContext): boolean {
  if (isFormulaError(v)) return false;
  switch (c.operator) {
    case 'is_empty':
      return isEmptyValue(v);
    case 'is_not_empty':
      return !isEmptyValue(v);
    case 'equals':
    case 'not_equals':
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with': {
      if (c.value === '') return true;
      if (v !== null && typeof v !== 'string') return false;
      const s = norm(v ?? '');
      const t = norm(c.value);
      if (c.operator === 'equals') return s === t;
      if (c.operator === 'not_equals') return s !== t;
      if (c.operator === 'contains') return s.includes(t);
      if (c.operator === 'not_contains') return !s.includes(t);
      if (c.operator === 'starts_with') return s.startsWith(t);
      return s.endsWith(t);
    }
    case 'eq':
    case 'neq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof v !== 'number') return c.operator === 'neq' && v === null;
      const x = c.value;
      return { eq: v === x, neq: v !== x, gt: v > x, gte: v >= x, lt: v < x, lte: v <= x }[c.operator];
    }
    case 'is':
      return v === c.value;
    case 'is_not':
      return v !== c.value;
    case 'is_any_of':
      return typeof v === 'string' && c.value.includes(v);
    case 'is_none_of':
      return typeof v !== 'string' || !c.value.includes(v);
    case 'status_group_is': {
      if (property.type !== PropertyType.Status || typeof v !== 'string') return false;
      return property.options.find((o) => o.id === v)?.group === c.value;
    }
    case 'has_any':
    case 'has_all':
    case 'has_none': {
      const have = new Set(Array.isArray(v) ? v : []);
      const wanted = c.value.map((id) => (id === ME ? ctx.userId : id));
      const hit = (id: string | null) => id !== null && have.has(id);
      if (c.operator === 'has_any') return wanted.some(hit);
      if (c.operator === 'has_all') return wanted.every(hit);
      return !wanted.some(hit);
    }
    case 'is_checked':
      return v === true;
    case 'is_unchecked':
      return v !== true;
    case 'date_within': {
      if (!isDateValue(v)) return false;
      const [from, to] = windowDays(c.value, viewerToday(ctx));
      const [d0, d1] = valueDays(v, ctx.timeZone);
      return d0 <= to && d1 >= from;
    }
    default: {
      if (!isDateValue(v)) return false;
      const t = targetDay(c.value, ctx);
      const [d0, d1] = valueDays(v, ctx.timeZone);
      if (c.operator === 'date_is') return d0 <= t && t <= d1;
      if (c.operator === 'date_before') return d0 < t;
      if (c.operator === 'date_after') return d1 > t;
      if (c.operator === 'date_on_or_before') return d0 <= t;
      return d1 >= t;
    }
  }
}

function valueDays(v: { start: string; end: string | null }, timeZone: string): [string, string] {
  return [dayOfValue(v.start, timeZone), dayOfValue(v.end ?? v.start, timeZone)];
}

// The viewer's today, worked out once per context rather than once per row.
const todays = new WeakMap<ViewerContext, { now: number; timeZone: string; day: string }>();
function viewerToday(ctx: ViewerContext): string {
  const known = todays.get(ctx);
  if (known && known.now === ctx.now && known.timeZone === ctx.timeZone) return known.day;
  const day = dayOf(ctx.now, ctx.timeZone);
  todays.set(ctx, { now: ctx.now, timeZone: ctx.timeZone, day });
  return day;
}

export function targetDay(target: DateTarget, ctx: ViewerContext): string {
  if (target.kind === 'exact') return target.date;
  const today = viewerToday(ctx);
  switch (target.relative) {
    case 'today':
      return today;
    case 'tomorrow':
      return addDays(today, 1);
    case 'yesterday':
      return addDays(today, -1);
    case 'one_week_ago':
      return addDays(today, -7);
    case 'one_week_from_now':
      return addDays(today, 7);
    case 'one_month_ago':
      return addMonths(today, -1);
    case 'one_month_from_now':
      return addMonths(today, 1);
  }
}

// The days [from, to] (inclusive) a "within the past/next N units" window covers, today included.
export function windowDays(w: DateWindow, today: string): [string, string] {
  const sign = w.direction === 'past' ? -1 : 1;
  const edge =
    w.unit === 'day'
      ? addDays(today, sign * w.amount)
      : w.unit === 'week'
        ? addDays(today, sign * 7 * w.amount)
        : addMonths(today, sign * w.amount * (w.unit === 'year' ? 12 : 1));
  return w.direction === 'past' ? [edge, today] : [today, edge];
}
