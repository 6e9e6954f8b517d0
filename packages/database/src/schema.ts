// The database schema: its properties and their per-type configuration.
import { z } from 'zod';
import { idSchema, nameSchema } from './ids.js';
import { DatabaseLimits } from './limits.js';

export const PropertyType = {
  Title: 'title',
  Text: 'text',
  Number: 'number',
  Select: 'select',
  MultiSelect: 'multi_select',
  Status: 'status',
  Date: 'date',
  Person: 'person',
  Checkbox: 'checkbox',
  Url: 'url',
  Email: 'email',
  Phone: 'phone',
  CreatedTime: 'created_time',
  CreatedBy: 'created_by',
  LastEditedTime: 'last_edited_time',
  LastEditedBy: 'last_edited_by',
  Relation: 'relation',
  Rollup: 'rollup',
  Formula: 'formula',
} as const;
export type PropertyType = (typeof PropertyType)[keyof typeof PropertyType];

export const OPTION_COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'] as const;
export type OptionColor = (typeof OPTION_COLORS)[number];

export const selectOptionSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(DatabaseLimits.optionNameLength),
  color: z.enum(OPTION_COLORS),
});
export type SelectOption = z.infer<typeof selectOptionSchema>;

export const STATUS_GROUPS = ['todo', 'in_progress', 'done'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];

export const statusOptionSchema = selectOptionSchema.extend({ group: z.enum(STATUS_GROUPS) });
export type StatusOption = z.infer<typeof statusOptionSchema>;

// Option names are what people see and what CSV import and formulas match on, so they are unique
// (case-insensitively) within a property, like the ids.
function uniqueOptions<T extends { id: string; name: string }>(options: readonly T[], ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  options.forEach((o, i) => {
    if (ids.has(o.id)) ctx.addIssue({ code: 'custom', message: `duplicate option id ${o.id}`, path: [i, 'id'] });
    const key = o.name.toLocaleLowerCase();
    if (names.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate option name ${o.name}`, path: [i, 'name'] });
    ids.add(o.id);
    names.add(key);
  });
}
const selectOptions = z.array(selectOptionSchema).max(DatabaseLimits.optionsPerProperty).superRefine(uniqueOptions);
const statusOptions = z.array(statusOptionSchema).max(DatabaseLimits.optionsPerProperty).superRefine(uniqueOptions);

export const NUMBER_FORMATS = ['plain', 'percent', 'currency'] as const;
export const ROLLUP_FUNCTIONS = [
  'count',
  'count_values',
  'count_unique',
  'sum',
  'average',
  'median',
  'min',
  'max',
  'range',
  'checked',
  'percent_checked',
  'earliest_date',
  'latest_date',
  'show_values',
  'show_unique',
] as const;
export type RollupFunction = (typeof ROLLUP_FUNCTIONS)[number];

const base = { id: idSchema, name: nameSchema, description: z.string().max(DatabaseLimits.descriptionLength).optional() };
const plain = <T extends PropertyType>(type: T) => z.strictObject({ ...base, type: z.literal(type) });

export const propertySchema = z.discriminatedUnion('type', [
  plain(PropertyType.Title),
  plain(PropertyType.Text),
  z.strictObject({
    ...base,
    type: z.literal(PropertyType.Number),
    format: z.enum(NUMBER_FORMATS),
    // ISO 4217 code, used only by the currency format.
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    decimals: z.number().int().min(0).max(10).optional(),
  }),
  z.strictObject({ ...base, type: z.literal(PropertyType.Select), options: selectOptions }),
  z.strictObject({ ...base, type: z.literal(PropertyType.MultiSelect), options: selectOptions }),
  z.strictObject({ ...base, type: z.literal(PropertyType.Status), options: statusOptions }),
  z.strictObject({ ...base, type: z.literal(PropertyType.Date), includeTime: z.boolean(), includeEnd: z.boolean() }),
  plain(PropertyType.Person),
  plain(PropertyType.Checkbox),
  plain(PropertyType.Url),
  plain(PropertyType.Email),
  plain(PropertyType.Phone),
  plain(PropertyType.CreatedTime),
  plain(PropertyType.CreatedBy),
  plain(PropertyType.LastEditedTime),
  plain(PropertyType.LastEditedBy),
  z.strictObject({
    ...base,
    type: z.literal(PropertyType.Relation),
    targetDatabaseId: idSchema,
    // Two-way: the id of the mirror relation property in the target database (null = one-way).
    syncedPropertyId: idSchema.nullable(),
  }),
  z.strictObject({
    ...base,
    type: z.literal(PropertyType.Rollup),
    relationPropertyId: idSchema,
    targetPropertyId: idSchema,
    function: z.enum(ROLLUP_FUNCTIONS),
  }),
  z.strictObject({ ...base, type: z.literal(PropertyType.Formula), expression: z.string().max(DatabaseLimits.formulaLength) }),
]);
export type Property = z.infer<typeof propertySchema>;
export type PropertyOf<T extends PropertyType> = Extract<Property, { type: T }>;

export const databaseSchemaSchema = z
  .strictObject({
    id: idSchema,
    properties: z.array(propertySchema).min(1).max(DatabaseLimits.properties),
  })
  .superRefine((db, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    let titles = 0;
    db.properties.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', message: `duplicate property id ${p.id}`, path: ['properties', i, 'id'] });
      // Formulas address properties by name (prop("Name")), so names must be unambiguous.
      const key = p.name.toLocaleLowerCase();
      if (names.has(key)) ctx.addIssue({ code: 'custom', message: `duplicate property name ${p.name}`, path: ['properties', i, 'name'] });
      ids.add(p.id);
      names.add(key);
      if (p.type === PropertyType.Title) titles += 1;
    });
    if (titles !== 1) ctx.addIssue({ code: 'custom', message: 'a database has exactly one title property', path: ['properties'] });
    db.properties.forEach((p, i) => {
      if (p.type !== PropertyType.Rollup) return;
      const relation = db.properties.find((r) => r.id === p.relationPropertyId);
      if (relation?.type !== PropertyType.Relation) {
        ctx.addIssue({ code: 'custom', message: `rollup ${p.name} needs a relation property of this database`, path: ['properties', i, 'relationPropertyId'] });
      }
    });
  });
export type DatabaseSchema = z.infer<typeof databaseSchemaSchema>;

export function findProperty(schema: DatabaseSchema, id: string): Property | undefined {
  return schema.properties.find((p) => p.id === id);
}

// Formulas look properties up by name once per prop() per row, so the index is kept per schema
// object (schemas are replaced, not mutated, when they change).
const byName = new WeakMap<DatabaseSchema, Map<string, Property>>();
export function findPropertyByName(schema: DatabaseSchema, name: string): Property | undefined {
  let index = byName.get(schema);
  if (!index) {
    index = new Map(schema.properties.map((p) => [p.name.toLocaleLowerCase(), p]));
    byName.set(schema, index);
  }
  return index.get(name.toLocaleLowerCase());
}

export function titleProperty(schema: DatabaseSchema): PropertyOf<'title'> {
  const title = schema.properties.find((p): p is PropertyOf<'title'> => p.type === PropertyType.Title);
  if (!title) throw new Error('database schema without a title property');
  return title;
}

// Properties whose values are derived (never stored in a row, never edited by hand).
export const COMPUTED_TYPES: ReadonlySet<PropertyType> = new Set([
  PropertyType.CreatedTime,
  PropertyType.CreatedBy,
  PropertyType.LastEditedTime,
  PropertyType.LastEditedBy,
  PropertyType.Rollup,
  PropertyType.Formula,
]);

// The options a new status property starts with: one per group, as Notion does.
export function defaultStatusOptions(): StatusOption[] {
  return [
    { id: 'not-started', name: 'Not started', color: 'default', group: 'todo' },
    { id: 'in-progress', name: 'In progress', color: 'blue', group: 'in_progress' },
    { id: 'done', name: 'Done', color: 'green', group: 'done' },
  ];
}
