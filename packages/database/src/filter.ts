// The filter model, as data: what the view stores, the REST query accepts (zod-validated) and the
// worker will translate to SQL over the JSONB projection. A filter is an AND/OR group whose items
// are conditions or groups of conditions (nesting one level). Every operator has exactly one value
// shape, so a condition validates without knowing the property; `checkFilter` then checks it
// against the schema (operator allowed for the type, options exist).
import { z } from 'zod';
import { idSchema } from './ids.js';
import { DatabaseLimits } from './limits.js';
import { type DatabaseSchema, findProperty, type Property, PropertyType, STATUS_GROUPS } from './schema.js';
import { isDateOnly } from './dates.js';

// "@me" in a person condition is whoever is looking (the filter "mine" shared by a whole team).
export const ME = '@me';

export const TEXT_OPERATORS = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with'] as const;
export const NUMBER_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
export const OPTION_OPERATORS = ['is', 'is_not'] as const;
export const OPTION_SET_OPERATORS = ['is_any_of', 'is_none_of'] as const;
export const HAS_OPERATORS = ['has_any', 'has_all', 'has_none'] as const;
export const CHECKBOX_OPERATORS = ['is_checked', 'is_unchecked'] as const;
export const EMPTY_OPERATORS = ['is_empty', 'is_not_empty'] as const;
export const DATE_OPERATORS = ['date_is', 'date_before', 'date_after', 'date_on_or_before', 'date_on_or_after'] as const;
export const RELATIVE_DAYS = ['today', 'tomorrow', 'yesterday', 'one_week_ago', 'one_week_from_now', 'one_month_ago', 'one_month_from_now'] as const;

export const dateTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exact'), date: z.string().refine(isDateOnly, 'a day is YYYY-MM-DD') }),
  z.strictObject({ kind: z.literal('relative'), relative: z.enum(RELATIVE_DAYS) }),
]);
export type DateTarget = z.infer<typeof dateTargetSchema>;

export const dateWindowSchema = z.strictObject({
  direction: z.enum(['past', 'next']),
  amount: z.number().int().min(1).max(1_000),
  unit: z.enum(['day', 'week', 'month', 'year']),
});
export type DateWindow = z.infer<typeof dateWindowSchema>;

const property = idSchema;
export const conditionSchema = z.discriminatedUnion('operator', [
  z.strictObject({ property, operator: z.enum(TEXT_OPERATORS), value: z.string().max(DatabaseLimits.filterTextLength) }),
  z.strictObject({ property, operator: z.enum(NUMBER_OPERATORS), value: z.number().finite() }),
  z.strictObject({ property, operator: z.enum(OPTION_OPERATORS), value: idSchema }),
  z.strictObject({ property, operator: z.enum(OPTION_SET_OPERATORS), value: z.array(idSchema).min(1).max(DatabaseLimits.filterValues) }),
  z.strictObject({ property, operator: z.literal('status_group_is'), value: z.enum(STATUS_GROUPS) }),
  z.strictObject({ property, operator: z.enum(HAS_OPERATORS), value: z.array(z.union([idSchema, z.literal(ME)])).min(1).max(DatabaseLimits.filterValues) }),
  z.strictObject({ property, operator: z.enum(CHECKBOX_OPERATORS) }),
  z.strictObject({ property, operator: z.enum(EMPTY_OPERATORS) }),
  z.strictObject({ property, operator: z.enum(DATE_OPERATORS), value: dateTargetSchema }),
  z.strictObject({ property, operator: z.literal('date_within'), value: dateWindowSchema }),
]);
export type Condition = z.infer<typeof conditionSchema>;
export type Operator = Condition['operator'];

const combinator = z.enum(['and', 'or']);
export const conditionGroupSchema = z.strictObject({
  combinator,
  conditions: z.array(conditionSchema).max(DatabaseLimits.filterConditions),
});
export type ConditionGroup = z.infer<typeof conditionGroupSchema>;

export const filterSchema = z
  .strictObject({
    combinator,
    // A group inside a group is rejected by the schema itself: the nesting bound is structural.
    conditions: z.array(z.union([conditionSchema, conditionGroupSchema])).max(DatabaseLimits.filterConditions),
  })
  .refine((f) => countConditions(f) <= DatabaseLimits.filterConditions, `a filter has at most ${DatabaseLimits.filterConditions} conditions`);
export type Filter = z.infer<typeof filterSchema>;

export function isGroup(item: Condition | ConditionGroup): item is ConditionGroup {
  return 'combinator' in item;
}

export function countConditions(filter: { conditions: (Condition | ConditionGroup)[] }): number {
  return filter.conditions.reduce((n, c) => n + (isGroup(c) ? c.conditions.length : 1), 0);
}

const TEXT_TYPES = ['title', 'text', 'url', 'email', 'phone'] as const;
const ALWAYS = [...EMPTY_OPERATORS] as Operator[];
const DATE_ALL = [...DATE_OPERATORS, 'date_within'] as Operator[];

// Which operators each property type accepts. Formulas and rollups accept the operators of every
// result type they can produce; a condition that does not fit the computed value simply does not match.
export function operatorsFor(type: Property['type']): readonly Operator[] {
  if ((TEXT_TYPES as readonly string[]).includes(type)) return [...TEXT_OPERATORS, ...ALWAYS];
  switch (type) {
    case PropertyType.Number:
      return [...NUMBER_OPERATORS, ...ALWAYS];
    case PropertyType.Select:
      return [...OPTION_OPERATORS, ...OPTION_SET_OPERATORS, ...ALWAYS];
    case PropertyType.Status:
      return [...OPTION_OPERATORS, ...OPTION_SET_OPERATORS, 'status_group_is', ...ALWAYS];
    case PropertyType.MultiSelect:
    case PropertyType.Person:
    case PropertyType.Relation:
      return [...HAS_OPERATORS, ...ALWAYS];
    case PropertyType.CreatedBy:
    case PropertyType.LastEditedBy:
      return [...HAS_OPERATORS];
    case PropertyType.Checkbox:
      return [...CHECKBOX_OPERATORS];
    case PropertyType.Date:
      return [...DATE_ALL, ...ALWAYS];
    case PropertyType.CreatedTime:
    case PropertyType.LastEditedTime:
      return DATE_ALL;
    case PropertyType.Formula:
      return [...TEXT_OPERATORS, ...NUMBER_OPERATORS, ...CHECKBOX_OPERATORS, ...DATE_ALL, ...ALWAYS];
    case PropertyType.Rollup:
      return [...NUMBER_OPERATORS, ...DATE_ALL, ...TEXT_OPERATORS, ...ALWAYS];
    default:
      return ALWAYS;
  }
}

export interface FilterIssue {
  path: (string | number)[];
  message: string;
}

// The semantic check after zod: the server answers 400 with these; the web marks the condition.
export function checkFilter(filter: Filter, schema: DatabaseSchema): FilterIssue[] {
  const issues: FilterIssue[] = [];
  const check = (c: Condition, path: (string | number)[]) => {
    const p = findProperty(schema, c.property);
    if (!p) return issues.push({ path, message: `no property ${c.property}` });
    if (!operatorsFor(p.type).includes(c.operator)) return issues.push({ path, message: `${p.name} (${p.type}) has no operator ${c.operator}` });
    // A status group condition names a group, not an option.
    if ((p.type === 'select' || p.type === 'status' || p.type === 'multi_select') && 'value' in c && c.operator !== 'status_group_is') {
      const known = new Set(p.options.map((o) => o.id));
      const ids = Array.isArray(c.value) ? c.value : typeof c.value === 'string' ? [c.value] : [];
      const unknown = ids.find((id) => !known.has(id));
      if (unknown !== undefined) issues.push({ path, message: `${p.name} has no option ${unknown}` });
    }
    return undefined;
  };
  filter.conditions.forEach((item, i) => {
    if (isGroup(item)) item.conditions.forEach((c, j) => check(c, ['conditions', i, 'conditions', j]));
    else check(item, ['conditions', i]);
  });
  return issues;
}

export function propertiesInFilter(filter: Filter): string[] {
  return [...new Set(filter.conditions.flatMap((c) => (isGroup(c) ? c.conditions.map((x) => x.property) : [c.property])))];
}
