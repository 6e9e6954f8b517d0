// The web's small helpers around @tandem/database: ids the client mints, a new property of each
// type, the scope a view query needs, and a first condition for the filter editor. Pure, so the
// rules are pinned by unit tests rather than browser runs.
import {
  type Condition,
  type DatabaseSchema,
  defaultStatusOptions,
  type FilterScope,
  operatorsFor,
  OPTION_COLORS,
  type OptionColor,
  type Property,
  PropertyType,
  RowResolver,
  type Row,
  type ViewerContext,
} from '@tandem/database';
import { databaseSource, type LoadedDatabase } from './relations';

// Property, option and view ids: short random strings (the core's idSchema); row ids are page ids,
// full UUIDs, so a row added offline never collides with one added elsewhere.
export function newShortId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 10);
}
export function newRowId(): string {
  return crypto.randomUUID();
}

// The types a person can pick when retyping a property. Relations and rollups are added from the
// "+" menu with their own settings (a target database; a relation and a property to roll up).
export const EDITABLE_TYPES = [
  PropertyType.Text,
  PropertyType.Number,
  PropertyType.Select,
  PropertyType.MultiSelect,
  PropertyType.Status,
  PropertyType.Date,
  PropertyType.Person,
  PropertyType.Checkbox,
  PropertyType.Url,
  PropertyType.Email,
  PropertyType.Phone,
  PropertyType.Formula,
  PropertyType.CreatedTime,
  PropertyType.CreatedBy,
  PropertyType.LastEditedTime,
  PropertyType.LastEditedBy,
] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];

export const TYPE_LABELS: Record<PropertyType, string> = {
  title: 'Title',
  text: 'Text',
  number: 'Number',
  select: 'Select',
  multi_select: 'Multi-select',
  status: 'Status',
  date: 'Date',
  person: 'Person',
  checkbox: 'Checkbox',
  url: 'URL',
  email: 'Email',
  phone: 'Phone',
  created_time: 'Created time',
  created_by: 'Created by',
  last_edited_time: 'Last edited time',
  last_edited_by: 'Last edited by',
  relation: 'Relation',
  rollup: 'Rollup',
  formula: 'Formula',
};

// A name not yet used in the schema (names are unique case-insensitively: formulas address them).
export function freeName(schema: DatabaseSchema, base: string): string {
  const taken = new Set(schema.properties.map((p) => p.name.toLocaleLowerCase()));
  if (!taken.has(base.toLocaleLowerCase())) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base} ${n}`.toLocaleLowerCase())) return `${base} ${n}`;
}

// The definition a property of `type` starts with, keeping id, name and (for select-like types)
// the options of `from` when retyping.
export function propertyOfType(type: EditableType | 'title', id: string, name: string, from?: Property): Property {
  const options = from && 'options' in from ? from.options.map(({ id: oid, name: oname, color }) => ({ id: oid, name: oname, color })) : [];
  switch (type) {
    case PropertyType.Number:
      return { id, name, type, format: 'plain' };
    case PropertyType.Select:
    case PropertyType.MultiSelect:
      return { id, name, type, options };
    case PropertyType.Status:
      return { id, name, type, options: options.length ? options.map((o) => ({ ...o, group: 'todo' as const })) : defaultStatusOptions() };
    case PropertyType.Date:
      return { id, name, type, includeTime: false, includeEnd: false };
    case PropertyType.Formula:
      return { id, name, type, expression: '' };
    default:
      return { id, name, type };
  }
}

// The next colour for a new option: cycle through the palette after "default", as Notion does.
export function nextOptionColor(count: number): OptionColor {
  return OPTION_COLORS[(count % (OPTION_COLORS.length - 1)) + 1]!;
}

export function viewerContext(userId: string | null, personName: (id: string) => string | undefined): ViewerContext {
  return { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, now: Date.now(), userId, personName };
}

// One query's scope over one database document and the related databases loaded with it (see
// related.ts): rollups and relation titles read those; one not loaded reads as absent.
export function scopeFor(databaseId: string, schema: DatabaseSchema, rows: readonly Row[], context: ViewerContext, related: ReadonlyMap<string, LoadedDatabase> = new Map()): FilterScope {
  return { databaseId, schema, resolver: new RowResolver(databaseSource(databaseId, { schema, rows }, related), context) };
}

// The condition a new filter line starts with: the property's first operator and a value that
// makes it complete (or incomplete text, which matches everything until typed).
export function defaultCondition(property: Property, today: string): Condition {
  const operator = operatorsFor(property.type)[0]!;
  return conditionWithOperator(property, operator, today);
}

export function conditionWithOperator(property: Property, operator: Condition['operator'], today: string): Condition {
  const p = property.id;
  const firstOption = 'options' in property ? property.options[0]?.id : undefined;
  switch (operator) {
    case 'equals':
    case 'not_equals':
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      return { property: p, operator, value: '' };
    case 'eq':
    case 'neq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { property: p, operator, value: 0 };
    case 'is':
    case 'is_not':
      return firstOption ? { property: p, operator, value: firstOption } : { property: p, operator: 'is_not_empty' };
    case 'is_any_of':
    case 'is_none_of':
      return firstOption ? { property: p, operator, value: [firstOption] } : { property: p, operator: 'is_not_empty' };
    case 'has_any':
    case 'has_all':
    case 'has_none':
      return firstOption && property.type === PropertyType.MultiSelect ? { property: p, operator, value: [firstOption] } : { property: p, operator, value: ['@me'] };
    case 'status_group_is':
      return { property: p, operator, value: 'done' };
    case 'date_is':
    case 'date_before':
    case 'date_after':
    case 'date_on_or_before':
    case 'date_on_or_after':
      return { property: p, operator, value: { kind: 'exact', date: today } };
    case 'date_within':
      return { property: p, operator, value: { direction: 'next', amount: 1, unit: 'week' } };
    default:
      return { property: p, operator };
  }
}

export const OPERATOR_LABELS: Record<Condition['operator'], string> = {
  equals: 'is',
  not_equals: 'is not',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  is: 'is',
  is_not: 'is not',
  is_any_of: 'is any of',
  is_none_of: 'is none of',
  has_any: 'has any of',
  has_all: 'has all of',
  has_none: 'has none of',
  status_group_is: 'group is',
  is_checked: 'is checked',
  is_unchecked: 'is unchecked',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  date_is: 'is',
  date_before: 'is before',
  date_after: 'is after',
  date_on_or_before: 'is on or before',
  date_on_or_after: 'is on or after',
  date_within: 'is within',
};
