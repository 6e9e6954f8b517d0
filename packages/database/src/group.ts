// Grouping rows (board columns, table/list groups). A row with several values (multi-select,
// people, relations) appears in each of their groups; a row with none is in the empty group,
// which comes first, like "No status" on a board. Rows keep their order inside a group.
import { z } from 'zod';
import { dayOfValue, startOfWeek } from './dates.js';
import type { FilterScope } from './filter-eval.js';
import { isFormulaError } from './formula/errors.js';
import { formatNumber, isDateValue } from './formula/value.js';
import { idSchema } from './ids.js';
import { DatabaseLimits } from './limits.js';
import { isEmptyValue } from './resolve.js';
import { findProperty, type Property, PropertyType, STATUS_GROUPS } from './schema.js';
import type { Row } from './values.js';

export const EMPTY_GROUP = '__empty';

export const groupBySchema = z.strictObject({
  property: idSchema,
  // Date properties group by this calendar unit in the viewer's zone.
  dateUnit: z.enum(['day', 'week', 'month', 'year']).optional(),
  // Status properties group by option (default) or by To-do / In progress / Done.
  statusBy: z.enum(['option', 'group']).optional(),
  // Number properties group into ranges of this size; exact values without it.
  numberBucket: z.number().positive().finite().optional(),
  hideEmpty: z.boolean().optional(),
  hiddenGroups: z.array(z.string().max(DatabaseLimits.nameLength)).max(DatabaseLimits.optionsPerProperty).optional(),
});
export type GroupBy = z.infer<typeof groupBySchema>;

export interface RowGroup {
  key: string;
  label: string;
  rows: Row[];
}

const GROUPABLE: ReadonlySet<string> = new Set(Object.values(PropertyType).filter((t) => t !== PropertyType.Relation && t !== PropertyType.Rollup));
export function isGroupable(property: Property): boolean {
  return GROUPABLE.has(property.type);
}

const STATUS_GROUP_LABELS = { todo: 'To-do', in_progress: 'In progress', done: 'Done' } as const;
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function groupRows(rows: readonly Row[], groupBy: GroupBy, scope: FilterScope): RowGroup[] {
  const property = findProperty(scope.schema, groupBy.property);
  if (!property) return [{ key: EMPTY_GROUP, label: 'All', rows: [...rows] }];
  const { resolver, databaseId } = scope;
  const groups = new Map<string, RowGroup>();
  const add = (key: string, label: string, row: Row) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label, rows: [] }));
    g.rows.push(row);
  };
  // Fixed groups exist even when empty, so a board shows every column.
  let fixed: { key: string; label: string }[] = [];
  if (property.type === PropertyType.Select || property.type === PropertyType.MultiSelect || property.type === PropertyType.Status) {
    fixed =
      property.type === PropertyType.Status && groupBy.statusBy === 'group'
        ? STATUS_GROUPS.map((g) => ({ key: g, label: STATUS_GROUP_LABELS[g] }))
        : property.options.map((o) => ({ key: o.id, label: o.name }));
  } else if (property.type === PropertyType.Checkbox) {
    fixed = [
      { key: 'false', label: 'Unchecked' },
      { key: 'true', label: 'Checked' },
    ];
  }
  groups.set(EMPTY_GROUP, { key: EMPTY_GROUP, label: `No ${property.name}`, rows: [] });
  for (const f of fixed) groups.set(f.key, { ...f, rows: [] });

  for (const row of rows) {
    const v = resolver.value(databaseId, row, property);
    if (property.type === PropertyType.Checkbox) add(String(v === true), '', row);
    else if (isFormulaError(v) || isEmptyValue(v)) add(EMPTY_GROUP, '', row);
    else if (property.type === PropertyType.Status && groupBy.statusBy === 'group') {
      const group = property.options.find((o) => o.id === v)?.group;
      add(group ?? EMPTY_GROUP, '', row);
    } else if (Array.isArray(v)) {
      const texts = resolver.texts(databaseId, property, v);
      (v as string[]).forEach((id, i) => add(id, texts[i] ?? id, row));
    } else if (typeof v === 'string' && (property.type === PropertyType.Select || property.type === PropertyType.Status)) add(v, '', row);
    else if (isDateValue(v)) {
      const key = dateBucket(dayOfValue(v.start, resolver.context.timeZone), groupBy.dateUnit ?? 'day');
      add(key, dateLabel(key, groupBy.dateUnit ?? 'day'), row);
    } else if (typeof v === 'number' && groupBy.numberBucket !== undefined) {
      const lo = Math.floor(v / groupBy.numberBucket) * groupBy.numberBucket;
      add(`n:${lo}`, `${formatNumber(lo)} – ${formatNumber(lo + groupBy.numberBucket)}`, row);
    } else {
      const label = resolver.texts(databaseId, property, v).join(', ');
      add(label.toLocaleLowerCase(), label, row);
    }
  }

  const fixedKeys = new Set(fixed.map((f) => f.key));
  const rest = [...groups.values()].filter((g) => g.key !== EMPTY_GROUP && !fixedKeys.has(g.key));
  rest.sort((a, b) => groupOrder(a, b));
  const empty = groups.get(EMPTY_GROUP)!;
  const ordered = [...(groupBy.hideEmpty || empty.rows.length === 0 ? [] : [empty]), ...fixed.map((f) => groups.get(f.key)!), ...rest];
  const hidden = new Set(groupBy.hiddenGroups ?? []);
  return ordered.filter((g) => !hidden.has(g.key));
}

function groupOrder(a: RowGroup, b: RowGroup): number {
  if (a.key.startsWith('n:') && b.key.startsWith('n:')) return Number(a.key.slice(2)) - Number(b.key.slice(2));
  return collator.compare(a.label, b.label) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function dateBucket(day: string, unit: 'day' | 'week' | 'month' | 'year'): string {
  if (unit === 'week') return startOfWeek(day);
  if (unit === 'month') return day.slice(0, 7);
  if (unit === 'year') return day.slice(0, 4);
  return day;
}

function dateLabel(key: string, unit: 'day' | 'week' | 'month' | 'year'): string {
  return unit === 'week' ? `Week of ${key}` : key;
}
