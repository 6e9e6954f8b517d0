// Aggregating the values of related rows. Numbers come from numeric properties and formulas that
// produce numbers; dates from date-like properties; everything else is counted or shown as text.
import type { RollupFunction } from './schema.js';
import type { DateValue } from './values.js';
import { instantOfValue } from './dates.js';
import { isDateValue } from './formula/value.js';
import type { FormulaError } from './formula/errors.js';

// What a rollup cell holds: a number (counts, sums, percent as a fraction 0..1), a date, the shown
// values as texts, or empty.
export type RollupValue = number | DateValue | string[] | null | FormulaError;

export interface RolledItem {
  // The related row's value (already resolved) and its display text(s).
  value: unknown;
  texts: string[];
  empty: boolean;
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function rollup(fn: RollupFunction, items: readonly RolledItem[], timeZone: string): RollupValue {
  const numbers = items.map((i) => i.value).filter((v): v is number => typeof v === 'number');
  const dates = items.map((i) => i.value).filter(isDateValue);
  const byStart = (a: DateValue, b: DateValue) => instantOfValue(a.start, timeZone) - instantOfValue(b.start, timeZone);
  switch (fn) {
    case 'count':
      return items.length;
    case 'count_values':
      return items.reduce((n, i) => n + (i.empty ? 0 : Math.max(1, i.texts.length)), 0);
    case 'count_unique':
      return new Set(items.flatMap((i) => (i.empty ? [] : i.texts))).size;
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'average':
      return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'median':
      return median([...numbers].sort((a, b) => a - b));
    case 'min':
      return numbers.length === 0 ? null : Math.min(...numbers);
    case 'max':
      return numbers.length === 0 ? null : Math.max(...numbers);
    case 'range':
      return numbers.length === 0 ? null : Math.max(...numbers) - Math.min(...numbers);
    case 'checked':
      return items.filter((i) => i.value === true).length;
    case 'percent_checked':
      return items.length === 0 ? null : items.filter((i) => i.value === true).length / items.length;
    case 'earliest_date':
      return dates.length === 0 ? null : [...dates].sort(byStart)[0]!;
    case 'latest_date':
      return dates.length === 0 ? null : [...dates].sort(byStart)[dates.length - 1]!;
    case 'show_values':
      return items.flatMap((i) => (i.empty ? [] : i.texts));
    case 'show_unique':
      return [...new Set(items.flatMap((i) => (i.empty ? [] : i.texts)))];
  }
}
