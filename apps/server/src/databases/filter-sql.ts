import { findProperty, isGroup, ME, PropertyType, type Condition, type DatabaseSchema, type Filter } from '@tandem/database';
import { Prisma } from '../generated/prisma/client.js';

// The filter model as SQL over DatabaseRow."values" (issue 17). This only NARROWS: for every row the
// core's matchesFilter accepts, the SQL is true (a superset); the service then runs the core's
// filter on what SQL returned, so the answer is exactly queryView's. What SQL cannot decide the
// same way is left to the core (null here, which is "true" in an AND and makes an OR true):
//  - computed values (formulas, rollups, created/edited by/time): evaluated per viewer and `now`;
//  - dates: days in the viewer's zone, ranges;
//  - negative text operators and needles outside ASCII, since Postgres' lower() and JavaScript's
//    NFC + toLocaleLowerCase() differ outside ASCII (SQL may keep a row JS drops, never the reverse).
// The projection leaves empty cells out of "values", so an empty cell has no key.

type Sql = Prisma.Sql;
const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;

const TEXT_TYPES = new Set<string>([PropertyType.Title, PropertyType.Text, PropertyType.Url, PropertyType.Email, PropertyType.Phone]);
const STORED_ARRAY_TYPES = new Set<string>([PropertyType.MultiSelect, PropertyType.Person, PropertyType.Relation]);

// Printable ASCII without ';' and '`': NFC turns U+037E and U+1FEF into those, which lower() does not.
const ASCII = /^[\x20-\x3a\x3c-\x5f\x61-\x7e]*$/;
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function filterSql(filter: Filter | null | undefined, schema: DatabaseSchema, viewerId: string | null): Sql {
  if (!filter) return TRUE;
  return combine(
    filter.combinator,
    filter.conditions.map((item) => (isGroup(item) ? (item.conditions.length ? combine(item.combinator, item.conditions.map((c) => conditionSql(c, schema, viewerId))) : TRUE) : conditionSql(item, schema, viewerId))),
  ) ?? TRUE;
}

function combine(combinator: 'and' | 'or', parts: Array<Sql | null>): Sql | null {
  if (parts.length === 0) return TRUE;
  if (combinator === 'or') return parts.some((p) => p === null) ? null : Prisma.sql`(${Prisma.join(parts as Sql[], ' OR ')})`;
  const known = parts.filter((p): p is Sql => p !== null);
  return known.length ? Prisma.sql`(${Prisma.join(known, ' AND ')})` : null;
}

function conditionSql(c: Condition, schema: DatabaseSchema, viewerId: string | null): Sql | null {
  const property = findProperty(schema, c.property);
  if (!property) return null;
  const key = property.id;
  const cell = Prisma.sql`r."values"->${key}::text`;
  const text = Prisma.sql`r."values"->>${key}::text`;
  // CASE, not AND: SQL does not promise to test the type before the cast (a projection made before
  // a retype can still hold text under a number property).
  const number = Prisma.sql`(CASE WHEN jsonb_typeof(${cell}) = 'number' THEN (${text})::float8 END)`;
  const stored = TEXT_TYPES.has(property.type) || STORED_ARRAY_TYPES.has(property.type) || ['number', 'select', 'status', 'checkbox', 'date'].includes(property.type);
  if (!stored) return null;
  switch (c.operator) {
    // By JSON type rather than by key: a cell projected before a retype reads as empty to the core.
    case 'is_empty':
      return property.type === PropertyType.Checkbox ? FALSE : Prisma.sql`coalesce(jsonb_typeof(${cell}) <> ${jsonType(property.type)}, true)`;
    case 'is_not_empty':
      return property.type === PropertyType.Checkbox ? TRUE : Prisma.sql`coalesce(jsonb_typeof(${cell}) = ${jsonType(property.type)}, false)`;
    case 'equals':
    case 'contains':
    case 'starts_with':
    case 'ends_with': {
      if (c.value === '') return TRUE;
      if (!ASCII.test(c.value)) return null;
      const needle = likeEscape(c.value.toLowerCase());
      const pattern = c.operator === 'equals' ? needle : c.operator === 'contains' ? `%${needle}%` : c.operator === 'starts_with' ? `${needle}%` : `%${needle}`;
      return Prisma.sql`lower(${text}) LIKE ${pattern}`;
    }
    case 'not_equals':
    case 'not_contains':
      return c.value === '' ? TRUE : null;
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const op = Prisma.raw({ eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.operator]);
      return Prisma.sql`coalesce(${number} ${op} ${c.value}::float8, false)`;
    }
    case 'neq':
      return Prisma.sql`NOT coalesce(${number} = ${c.value}::float8, false)`;
    case 'is':
      return Prisma.sql`${text} = ${c.value}`;
    case 'is_not':
      return Prisma.sql`${text} IS DISTINCT FROM ${c.value}`;
    case 'is_any_of':
      return Prisma.sql`${text} = ANY(${c.value}::text[])`;
    case 'is_none_of':
      return Prisma.sql`coalesce(NOT (${text} = ANY(${c.value}::text[])), true)`;
    case 'status_group_is': {
      if (property.type !== PropertyType.Status) return FALSE;
      const ids = property.options.filter((o) => o.group === c.value).map((o) => o.id);
      return ids.length ? Prisma.sql`${text} = ANY(${ids}::text[])` : FALSE;
    }
    case 'has_any':
    case 'has_all':
    case 'has_none': {
      const wanted = c.value.map((id) => (id === ME ? viewerId : id));
      const known = wanted.filter((id): id is string => id !== null);
      const array = Prisma.sql`(CASE WHEN jsonb_typeof(${cell}) = 'array' THEN ${cell} ELSE '[]'::jsonb END)`;
      if (c.operator === 'has_any') return known.length ? Prisma.sql`jsonb_exists_any(${array}, ${known}::text[])` : FALSE;
      if (c.operator === 'has_all') return known.length === wanted.length ? Prisma.sql`jsonb_exists_all(${array}, ${known}::text[])` : FALSE;
      return known.length ? Prisma.sql`NOT jsonb_exists_any(${array}, ${known}::text[])` : TRUE;
    }
    case 'is_checked':
      return Prisma.sql`${cell} = 'true'::jsonb`;
    case 'is_unchecked':
      return Prisma.sql`NOT coalesce(${cell} = 'true'::jsonb, false)`;
    default:
      // Dates compare by day in the viewer's zone: the core decides.
      return null;
  }
}

// The JSON type a non-empty stored value of this property type has.
function jsonType(type: string): string {
  if (type === PropertyType.Number) return 'number';
  if (type === PropertyType.Date) return 'object';
  return STORED_ARRAY_TYPES.has(type) ? 'array' : 'string';
}
