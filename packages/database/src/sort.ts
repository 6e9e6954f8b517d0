// Sorting rows by several properties. Empty cells go last in both directions (people look for the
// filled ones first); ties keep the rows' own order, so a sort is stable across renders and clients.
import { z } from 'zod';
import { instantOfValue } from './dates.js';
import type { FilterScope } from './filter-eval.js';
import { isFormulaError } from './formula/errors.js';
import { isDateValue } from './formula/value.js';
import { idSchema } from './ids.js';
import { DatabaseLimits } from './limits.js';
import { isEmptyValue, type PropertyValue } from './resolve.js';
import { findProperty, type Property, PropertyType } from './schema.js';
import type { Row } from './values.js';

export const sortSchema = z.strictObject({ property: idSchema, direction: z.enum(['ascending', 'descending']) });
export type Sort = z.infer<typeof sortSchema>;
export const sortsSchema = z.array(sortSchema).max(DatabaseLimits.sorts);

// Comparable form of a value: numbers and texts in separate ranks so a formula that yields mixed
// types still sorts deterministically (booleans, numbers, dates, then texts).
type SortKey = { empty: true } | { empty: false; rank: number; n: number } | { empty: false; rank: number; s: string };

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function sortKey(property: Property, v: PropertyValue, texts: () => string[], timeZone: string): SortKey {
  if (isFormulaError(v) || isEmptyValue(v)) return { empty: true };
  switch (property.type) {
    case PropertyType.Select:
    case PropertyType.Status:
      return { empty: false, rank: 1, n: property.options.findIndex((o) => o.id === v) };
    case PropertyType.MultiSelect: {
      const chosen = new Set(v as string[]);
      return { empty: false, rank: 1, n: property.options.findIndex((o) => chosen.has(o.id)) };
    }
    case PropertyType.Checkbox:
      return { empty: false, rank: 0, n: v === true ? 1 : 0 };
    default:
      if (typeof v === 'boolean') return { empty: false, rank: 0, n: v ? 1 : 0 };
      if (typeof v === 'number') return { empty: false, rank: 1, n: v };
      if (isDateValue(v)) return { empty: false, rank: 2, n: instantOfValue(v.start, timeZone) };
      return { empty: false, rank: 3, s: texts().join(', ') };
  }
}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.empty || b.empty) return a.empty === b.empty ? 0 : a.empty ? 1 : -1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  if ('n' in a && 'n' in b) return a.n - b.n;
  if ('s' in a && 's' in b) return collator.compare(a.s, b.s);
  return 0;
}

export function sortRows(rows: readonly Row[], sorts: readonly Sort[], scope: FilterScope): Row[] {
  const active = sorts.map((s) => ({ s, p: findProperty(scope.schema, s.property) })).filter((x): x is { s: Sort; p: Property } => x.p !== undefined);
  if (active.length === 0) return [...rows];
  const { resolver, databaseId } = scope;
  const keyed = rows.map((row, index) => ({
    row,
    index,
    keys: active.map(({ p }) => {
      const v = resolver.value(databaseId, row, p);
      return sortKey(p, v, () => resolver.texts(databaseId, p, v), resolver.context.timeZone);
    }),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < active.length; i += 1) {
      const ka = a.keys[i]!;
      const kb = b.keys[i]!;
      const c = compareKeys(ka, kb);
      if (c !== 0) return ka.empty || kb.empty || active[i]!.s.direction === 'ascending' ? c : -c;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.row);
}
