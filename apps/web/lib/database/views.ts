// View edits the toolbar and menus make, as pure functions of the current view and schema: the
// result goes to updateView, which validates it against the schema.
import {
  COMPUTED_TYPES,
  type Condition,
  type ConditionGroup,
  DatabaseLimits,
  type DatabaseSchema,
  EMPTY_GROUP,
  findProperty,
  type GroupBy,
  isStoredType,
  type Property,
  PropertyType,
  readCell,
  type RowGroup,
  summaryFits,
  type View,
  type ViewLayout,
  visibleProperties,
} from '@tandem/database';

// Every property of the schema in the view's order, with its visibility (the view lists only the
// properties someone arranged; the rest show after them).
export function viewColumns(view: View, schema: DatabaseSchema): { id: string; visible: boolean; width?: number }[] {
  const listed = view.properties.filter((p) => findProperty(schema, p.id));
  const seen = new Set(listed.map((p) => p.id));
  const shown = new Set(visibleProperties(view, schema));
  const unseen = schema.properties.filter((p) => !seen.has(p.id)).map((p) => ({ id: p.id, visible: true }));
  // As visibleProperties: a title the view never placed comes first.
  const title = unseen.findIndex((p) => findProperty(schema, p.id)?.type === PropertyType.Title);
  const all = title >= 0 ? [unseen[title]!, ...listed, ...unseen.filter((_, i) => i !== title)] : [...listed, ...unseen];
  return all.map((p) => ({ ...p, visible: shown.has(p.id) }));
}

export function withVisibility(view: View, schema: DatabaseSchema, propertyId: string, visible: boolean): View {
  return { ...view, properties: viewColumns(view, schema).map((p) => (p.id === propertyId ? { ...p, visible } : p)) };
}

// A column's width, kept inside the schema's bounds; null goes back to the default width.
export function withWidth(view: View, schema: DatabaseSchema, propertyId: string, width: number | null): View {
  const { min, max } = DatabaseLimits.columnWidth;
  return {
    ...view,
    properties: viewColumns(view, schema).map((p) => {
      if (p.id !== propertyId) return p;
      const { width: _old, ...rest } = p;
      return width === null ? rest : { ...rest, width: Math.round(Math.min(max, Math.max(min, width))) };
    }),
  };
}

// The view with `propertyId` placed just before or after `targetId` (a header drag, or "Move
// left/right" from the column menu). Hidden columns keep their places relative to the rest.
export function withColumnMoved(view: View, schema: DatabaseSchema, propertyId: string, targetId: string, side: 'before' | 'after'): View {
  const all = viewColumns(view, schema);
  const moving = all.find((p) => p.id === propertyId);
  if (!moving || propertyId === targetId) return view;
  const rest = all.filter((p) => p.id !== propertyId);
  const at = rest.findIndex((p) => p.id === targetId);
  if (at < 0) return view;
  rest.splice(side === 'before' ? at : at + 1, 0, moving);
  return { ...view, properties: rest };
}

// The neighbour a column swaps with when moved one step left or right among the shown columns.
export function columnStep(columns: readonly string[], propertyId: string, step: -1 | 1): { targetId: string; side: 'before' | 'after' } | null {
  const i = columns.indexOf(propertyId);
  const target = columns[i + step];
  return i < 0 || target === undefined ? null : { targetId: target, side: step < 0 ? 'before' : 'after' };
}

// A column's summary (null: none).
export function withSummary(view: View, propertyId: string, kind: NonNullable<View['summaries']>[string] | null): View {
  const { [propertyId]: _old, ...rest } = view.summaries ?? {};
  return { ...view, summaries: kind === null ? rest : { ...rest, [propertyId]: kind } };
}

// What a board can group by: select, status, person, checkbox (multi-select too).
export const BOARD_GROUP_TYPES: ReadonlySet<string> = new Set([PropertyType.Status, PropertyType.Select, PropertyType.MultiSelect, PropertyType.Person, PropertyType.Checkbox]);

export function boardGroupCandidates(schema: DatabaseSchema): Property[] {
  const order = [PropertyType.Status, PropertyType.Select, PropertyType.Person, PropertyType.Checkbox, PropertyType.MultiSelect] as string[];
  return schema.properties.filter((p) => BOARD_GROUP_TYPES.has(p.type)).sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}

// A new view of `layout`; a board groups by the best candidate (the caller adds a Status property
// first when there is none).
export function newView(id: string, layout: ViewLayout, name: string, schema: DatabaseSchema): View {
  const group: GroupBy | null = layout === 'board' ? { property: boardGroupCandidates(schema)[0]!.id } : null;
  const date = schema.properties.find((p) => p.type === PropertyType.Date);
  return {
    id,
    name,
    layout,
    filter: null,
    sorts: [],
    groupBy: group,
    properties: [],
    ...(layout === 'calendar' ? { calendarBy: date?.id ?? null } : {}),
    // A gallery shows each row page's first image on its card unless told otherwise, as Notion's.
    ...(layout === 'gallery' ? { cardSize: 'medium' as const, cardCover: 'page_image' as const } : {}),
  };
}

// The cell value that puts a row in a board column (the group's key), given the value it has now:
// a single value is replaced, a list (multi-select, people) swaps the group it was dragged from.
export function valueForGroup(property: Property, current: unknown, fromKey: string, toKey: string, emptyKey: string): unknown {
  if (property.type === PropertyType.Checkbox) return toKey === 'true';
  if (property.type === PropertyType.MultiSelect || property.type === PropertyType.Person) {
    const list = Array.isArray(current) ? (current as string[]).filter((id) => id !== fromKey && id !== toKey) : [];
    return toKey === emptyKey ? list : [...list, toKey];
  }
  return toKey === emptyKey ? null : toKey;
}

// The value a row made with "+ New" inside a group needs to land in that group (undefined: none
// is needed or none can be set, e.g. the empty group or a computed property). Option-like groups
// set their option; a group of another type (text, a number range, a week) takes the value of a
// row already in it, which by definition groups there.
export function valueForNewInGroup(property: Property, groupBy: GroupBy, group: RowGroup): unknown {
  if (group.key === EMPTY_GROUP || !isStoredType(property.type) || COMPUTED_TYPES.has(property.type)) return undefined;
  if (property.type === PropertyType.Status && groupBy.statusBy === 'group') return property.options.find((o) => o.group === group.key)?.id;
  if (BOARD_GROUP_TYPES.has(property.type)) return valueForGroup(property, undefined, EMPTY_GROUP, group.key, EMPTY_GROUP);
  const sample = group.rows[0];
  return sample ? readCell(property, sample) : undefined;
}

// The view without references to properties that are gone (deleted here or by someone else), so
// saving it passes the schema check; a board that grouped by a deleted property becomes a table.
export function cleanView(view: View, schema: DatabaseSchema): View {
  const exists = (id: string) => findProperty(schema, id) !== undefined;
  const fits = (id: string, kind: NonNullable<View['summaries']>[string]) => {
    const property = findProperty(schema, id);
    return property !== undefined && summaryFits(kind, property);
  };
  const items: (Condition | ConditionGroup)[] = [];
  for (const item of view.filter?.conditions ?? []) {
    if ('combinator' in item) items.push({ ...item, conditions: item.conditions.filter((c) => exists(c.property)) });
    else if (exists(item.property)) items.push(item);
  }
  const groupBy = view.groupBy && exists(view.groupBy.property) ? view.groupBy : null;
  const calendarBy = view.calendarBy && exists(view.calendarBy) ? view.calendarBy : null;
  const layout = (view.layout === 'board' && !groupBy) || (view.layout === 'calendar' && !calendarBy) ? 'table' : view.layout;
  return {
    ...view,
    layout,
    filter: view.filter && items.length ? { ...view.filter, conditions: items } : null,
    sorts: view.sorts.filter((s) => exists(s.property)),
    groupBy,
    ...(view.calendarBy === undefined ? {} : { calendarBy }),
    properties: view.properties.filter((p) => exists(p.id)),
    // A summary that no longer fits (its property deleted, or retyped from number to text) goes.
    ...(view.summaries === undefined ? {} : { summaries: Object.fromEntries(Object.entries(view.summaries).filter(([id, kind]) => fits(id, kind))) }),
  };
}

// The schema as it will be once `propertyId` is deleted (for cleaning views in the same change).
export function schemaWithout(schema: DatabaseSchema, propertyId: string): DatabaseSchema {
  return { ...schema, properties: schema.properties.filter((p) => p.id !== propertyId) };
}

// Values that make a new row match the view's filter where one value obviously does (as Notion
// does), so a row added under "Status is Done" does not vanish as it is made. Only conditions that
// every row must meet count: all of an AND filter, or the only one of an OR filter.
export function valuesForFilter(filter: View['filter'], schema: DatabaseSchema, userId: string | null): Record<string, unknown> {
  if (!filter) return {};
  const required = filter.combinator === 'and' || filter.conditions.length === 1 ? filter.conditions : [];
  const values: Record<string, unknown> = {};
  for (const item of required) {
    if ('combinator' in item) continue;
    const property = findProperty(schema, item.property);
    if (!property || item.property in values) continue;
    const value = valueMeeting(item, property, userId);
    if (value !== undefined) values[item.property] = value;
  }
  return values;
}

function valueMeeting(c: Condition, property: Property, userId: string | null): unknown {
  switch (c.operator) {
    case 'is':
      return property.type === PropertyType.Select || property.type === PropertyType.Status ? c.value : undefined;
    case 'is_any_of':
      return property.type === PropertyType.Select || property.type === PropertyType.Status ? c.value[0] : undefined;
    case 'status_group_is':
      return property.type === PropertyType.Status ? property.options.find((o) => o.group === c.value)?.id : undefined;
    case 'has_any':
    case 'has_all': {
      if (property.type !== PropertyType.MultiSelect && property.type !== PropertyType.Person) return undefined;
      const ids = c.value.map((v) => (v === '@me' ? userId : v)).filter((v): v is string => v !== null);
      return c.operator === 'has_any' ? ids.slice(0, 1) : ids;
    }
    case 'equals':
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return c.value !== '' && property.type !== PropertyType.Title ? c.value : undefined;
    case 'eq':
    case 'gte':
    case 'lte':
      return property.type === PropertyType.Number ? c.value : undefined;
    case 'is_checked':
      return property.type === PropertyType.Checkbox ? true : undefined;
    case 'date_is':
      return property.type === PropertyType.Date && !property.includeTime && c.value.kind === 'exact' ? { start: c.value.date, end: null } : undefined;
    default:
      return undefined;
  }
}
