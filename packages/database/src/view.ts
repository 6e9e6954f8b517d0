// Views: how one database is shown. Every view is shared by everyone who can read the database;
// a person's unsaved tweaks live in the client until saved (issue 17).
import { z } from 'zod';
import { checkFilter, filterSchema, type FilterIssue } from './filter.js';
import { groupBySchema, isGroupable } from './group.js';
import { idSchema, nameSchema } from './ids.js';
import { DatabaseLimits } from './limits.js';
import { type DatabaseSchema, findProperty, PropertyType } from './schema.js';
import { sortsSchema } from './sort.js';
import { SUMMARY_KINDS, summaryFits } from './summary.js';

export const VIEW_LAYOUTS = ['table', 'board', 'list', 'calendar', 'gallery'] as const;
export type ViewLayout = (typeof VIEW_LAYOUTS)[number];

export const viewPropertySchema = z.strictObject({
  id: idSchema,
  visible: z.boolean(),
  width: z.number().int().min(DatabaseLimits.columnWidth.min).max(DatabaseLimits.columnWidth.max).optional(),
});

export const viewSchema = z
  .strictObject({
    id: idSchema,
    name: nameSchema,
    layout: z.enum(VIEW_LAYOUTS),
    filter: filterSchema.nullable(),
    sorts: sortsSchema,
    groupBy: groupBySchema.nullable(),
    // Display order of properties; properties missing here show after these, visible.
    properties: z.array(viewPropertySchema).max(DatabaseLimits.properties),
    // Table: how many leading columns stay put while scrolling sideways (the title column first).
    frozenColumns: z.number().int().min(0).max(3).optional(),
    // Table: the figure under each column (absent: none), by property id.
    summaries: z
      .record(idSchema, z.enum(SUMMARY_KINDS))
      .refine((s) => Object.keys(s).length <= DatabaseLimits.properties, `a view has at most ${DatabaseLimits.properties} summaries`)
      .optional(),
    // Calendar: the date property that places the cards.
    calendarBy: idSchema.nullable().optional(),
    // Gallery: card size and whether cards show the row page's first image.
    cardSize: z.enum(['small', 'medium', 'large']).optional(),
    cardCover: z.enum(['none', 'page_image']).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.layout === 'board' && v.groupBy === null) ctx.addIssue({ code: 'custom', message: 'a board groups by a property', path: ['groupBy'] });
    if (v.layout === 'calendar' && !v.calendarBy) ctx.addIssue({ code: 'custom', message: 'a calendar needs a date property', path: ['calendarBy'] });
    const ids = v.properties.map((p) => p.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'a property is listed twice', path: ['properties'] });
  });
export type View = z.infer<typeof viewSchema>;

export const viewsSchema = z.array(viewSchema).min(1).max(DatabaseLimits.views);

const DATE_LIKE: ReadonlySet<string> = new Set([PropertyType.Date, PropertyType.CreatedTime, PropertyType.LastEditedTime, PropertyType.Formula]);

// Checks that need the schema: every referenced property exists and fits its use.
export function checkView(view: View, schema: DatabaseSchema): FilterIssue[] {
  const issues: FilterIssue[] = view.filter ? checkFilter(view.filter, schema).map((i) => ({ ...i, path: ['filter', ...i.path] })) : [];
  view.sorts.forEach((s, i) => {
    if (!findProperty(schema, s.property)) issues.push({ path: ['sorts', i], message: `no property ${s.property}` });
  });
  if (view.groupBy) {
    const p = findProperty(schema, view.groupBy.property);
    if (!p) issues.push({ path: ['groupBy'], message: `no property ${view.groupBy.property}` });
    else if (!isGroupable(p)) issues.push({ path: ['groupBy'], message: `${p.name} (${p.type}) cannot group rows` });
    else if (view.layout === 'board' && ![PropertyType.Select, PropertyType.Status, PropertyType.Person, PropertyType.MultiSelect, PropertyType.Checkbox].includes(p.type as never)) {
      issues.push({ path: ['groupBy'], message: 'a board groups by select, multi-select, status, person or checkbox' });
    }
  }
  if (view.calendarBy) {
    const p = findProperty(schema, view.calendarBy);
    if (!p || !DATE_LIKE.has(p.type)) issues.push({ path: ['calendarBy'], message: 'the calendar property must be a date' });
  }
  for (const [id, kind] of Object.entries(view.summaries ?? {})) {
    const p = findProperty(schema, id);
    if (!p) issues.push({ path: ['summaries', id], message: `no property ${id}` });
    else if (!summaryFits(kind, p)) issues.push({ path: ['summaries', id], message: `${p.name} (${p.type}) has no summary ${kind}` });
  }
  view.properties.forEach((vp, i) => {
    if (!findProperty(schema, vp.id)) issues.push({ path: ['properties', i], message: `no property ${vp.id}` });
  });
  return issues;
}

// The columns a view shows, in order: its listed properties, then any the view has never seen.
export function visibleProperties(view: Pick<View, 'properties'>, schema: DatabaseSchema): string[] {
  const title = schema.properties.find((p) => p.type === PropertyType.Title)?.id;
  const listed = new Set(view.properties.map((p) => p.id));
  // The title always shows (it is how a row is opened): first unless the view placed it.
  const ordered = view.properties.filter((p) => (p.visible || p.id === title) && findProperty(schema, p.id)).map((p) => p.id);
  const unseen = schema.properties.filter((p) => !listed.has(p.id) && p.id !== title).map((p) => p.id);
  return title !== undefined && !listed.has(title) ? [title, ...ordered, ...unseen] : [...ordered, ...unseen];
}
