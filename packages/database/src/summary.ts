// Column summaries: one figure per column under a table (count, sum, earliest date, ...), computed
// over the rows the view shows (its filter and the search applied). Pure: callers pass the rows and
// the scope their view was queried with, so a summary and the rows above it always agree.
import { instantOfValue } from './dates.js';
import type { FilterScope } from './filter-eval.js';
import { isFormulaError } from './formula/errors.js';
import { isDateValue } from './formula/value.js';
import { formatDateForDisplay, formatFraction, formatNumberProperty, isEmptyValue, type PropertyValue } from './resolve.js';
import { type Property, PropertyType } from './schema.js';
import type { DateValue, Row } from './values.js';

const COUNT_SUMMARIES = ['count_all', 'count_values', 'count_empty', 'count_unique', 'percent_empty', 'percent_not_empty'] as const;
const NUMBER_SUMMARIES = ['sum', 'average', 'median', 'min', 'max', 'range'] as const;
const CHECKBOX_SUMMARIES = ['checked', 'unchecked', 'percent_checked'] as const;
const DATE_SUMMARIES = ['earliest', 'latest', 'date_range'] as const;
export const SUMMARY_KINDS = [...COUNT_SUMMARIES, ...NUMBER_SUMMARIES, ...CHECKBOX_SUMMARIES, ...DATE_SUMMARIES] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

// What a summary computes: a count, a fraction (0..1, shown as a percent), a plain number (in the
// property's own format), a date, or a span of time in milliseconds. null: nothing to summarise
// (an average of no numbers, the earliest of no dates).
export type SummaryValue =
  | { kind: 'count'; value: number }
  | { kind: 'percent'; value: number }
  | { kind: 'number'; value: number }
  | { kind: 'date'; value: DateValue }
  | { kind: 'duration'; ms: number }
  | null;

const NUMBER_TYPES: ReadonlySet<string> = new Set([PropertyType.Number, PropertyType.Formula, PropertyType.Rollup]);
const DATE_TYPES: ReadonlySet<string> = new Set([PropertyType.Date, PropertyType.CreatedTime, PropertyType.LastEditedTime, PropertyType.Formula, PropertyType.Rollup]);

// The summaries that mean something for a property's type. A checkbox is never empty (unchecked is
// its empty), so it gets the checkbox figures instead of the empty/not-empty ones.
export function summaryKindsFor(property: Property): SummaryKind[] {
  if (property.type === PropertyType.Checkbox) return ['count_all', ...CHECKBOX_SUMMARIES];
  return [...COUNT_SUMMARIES, ...(NUMBER_TYPES.has(property.type) ? NUMBER_SUMMARIES : []), ...(DATE_TYPES.has(property.type) ? DATE_SUMMARIES : [])];
}

export function summaryFits(kind: SummaryKind, property: Property): boolean {
  return summaryKindsFor(property).includes(kind);
}

// An error value (a broken formula) counts as empty: it holds nothing a person typed.
const isEmpty = (v: PropertyValue) => isFormulaError(v) || isEmptyValue(v);

// The distinct things a cell holds, for "count unique" and "count values": each option of a
// multi-select, each person, each related row; a date by its start and end.
function items(v: PropertyValue): string[] {
  if (isEmpty(v)) return [];
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (isDateValue(v)) return [`${v.start}/${v.end ?? ''}`];
  return [typeof v === 'string' ? v.trim() : String(v)];
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(kind: SummaryKind, property: Property, rows: readonly Row[], scope: FilterScope): SummaryValue {
  if (!summaryFits(kind, property)) return null;
  const values = rows.map((row) => scope.resolver.value(scope.databaseId, row, property));
  const total = values.length;
  const empty = values.filter(isEmpty).length;
  const fraction = (n: number): SummaryValue => (total === 0 ? null : { kind: 'percent', value: n / total });
  const numbers = () => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const checked = () => values.filter((v) => v === true).length;
  const dates = () =>
    values
      .filter(isDateValue)
      .map((d) => ({ d, at: instantOfValue(d.start, scope.resolver.context.timeZone) }))
      .filter((x) => Number.isFinite(x.at))
      .sort((a, b) => a.at - b.at);
  switch (kind) {
    case 'count_all':
      return { kind: 'count', value: total };
    case 'count_values':
      return { kind: 'count', value: values.reduce<number>((n, v) => n + items(v).length, 0) };
    case 'count_empty':
      return { kind: 'count', value: empty };
    case 'count_unique':
      return { kind: 'count', value: new Set(values.flatMap(items)).size };
    case 'percent_empty':
      return fraction(empty);
    case 'percent_not_empty':
      return fraction(total - empty);
    case 'checked':
      return { kind: 'count', value: checked() };
    case 'unchecked':
      return { kind: 'count', value: total - checked() };
    case 'percent_checked':
      return fraction(checked());
    case 'earliest':
    case 'latest':
    case 'date_range': {
      const list = dates();
      if (list.length === 0) return null;
      if (kind === 'earliest') return { kind: 'date', value: list[0]!.d };
      if (kind === 'latest') return { kind: 'date', value: list[list.length - 1]!.d };
      return { kind: 'duration', ms: list[list.length - 1]!.at - list[0]!.at };
    }
    default: {
      const list = numbers();
      if (list.length === 0) return kind === 'sum' ? { kind: 'number', value: 0 } : null;
      const sum = list.reduce((a, b) => a + b, 0);
      const value = kind === 'sum' ? sum : kind === 'average' ? sum / list.length : kind === 'median' ? median(list) : kind === 'min' ? list[0]! : kind === 'max' ? list[list.length - 1]! : list[list.length - 1]! - list[0]!;
      return { kind: 'number', value };
    }
  }
}

const DAY = 86_400_000;

// A summary as the footer shows it: numbers in the property's format (a currency column sums in
// its currency), averages to two decimals otherwise, dates as cells show them, spans in days.
export function formatSummary(summary: SummaryValue, property: Property, timeZone: string): string {
  if (summary === null) return '—';
  switch (summary.kind) {
    case 'count':
      return summary.value.toLocaleString('en-US');
    case 'percent':
      return formatFraction(summary.value);
    case 'number':
      // Averages of whole numbers have long tails; two decimals (of a percent: of the percent).
      if (property.type !== PropertyType.Number) return String(Number(summary.value.toFixed(2)));
      return formatNumberProperty(property, property.decimals === undefined ? Number(summary.value.toFixed(property.format === 'percent' ? 4 : 2)) : summary.value);
    case 'date':
      return formatDateForDisplay({ start: summary.value.start, end: null }, timeZone);
    case 'duration': {
      if (summary.ms >= DAY || summary.ms === 0) {
        const days = Number((summary.ms / DAY).toFixed(1));
        return days === 1 ? '1 day' : `${days.toLocaleString('en-US')} days`;
      }
      const hours = Math.floor(summary.ms / 3_600_000);
      const minutes = Math.round((summary.ms % 3_600_000) / 60_000);
      return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
    }
  }
}

export const SUMMARY_LABELS: Record<SummaryKind, string> = {
  count_all: 'Count all',
  count_values: 'Count values',
  count_empty: 'Count empty',
  count_unique: 'Count unique',
  percent_empty: 'Percent empty',
  percent_not_empty: 'Percent not empty',
  sum: 'Sum',
  average: 'Average',
  median: 'Median',
  min: 'Min',
  max: 'Max',
  range: 'Range',
  checked: 'Checked',
  unchecked: 'Unchecked',
  percent_checked: 'Percent checked',
  earliest: 'Earliest',
  latest: 'Latest',
  date_range: 'Date range',
};
