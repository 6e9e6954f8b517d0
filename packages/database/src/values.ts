// Cell values per property type, as stored in a row (the Yjs map of the row and the JSONB column of
// its projection hold exactly these shapes). Computed properties store nothing.
import { z } from 'zod';
import { idSchema } from './ids.js';
import { DatabaseLimits } from './limits.js';
import { type Property, PropertyType } from './schema.js';
import { isDateOnly, isDateTime } from './dates.js';

// A date is either a calendar day ('2026-03-01', no time zone: the same day for everyone) or an
// instant with an explicit offset ('2026-03-01T09:30:00.000Z'). An optional end makes a range.
const dateString = z.string().refine((s) => isDateOnly(s) || isDateTime(s), 'a date is YYYY-MM-DD or an ISO date-time with an offset');
export const dateValueSchema = z
  .strictObject({ start: dateString, end: dateString.nullable() })
  .refine((d) => d.end === null || isDateOnly(d.start) === isDateOnly(d.end), 'start and end are both days or both date-times')
  .refine((d) => d.end === null || compareDateStrings(d.start, d.end) <= 0, 'the end is not before the start');
export type DateValue = z.infer<typeof dateValueSchema>;

function compareDateStrings(a: string, b: string): number {
  if (isDateOnly(a)) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

const text = (max: number) => z.string().max(max);
const ids = (max: number) => z.array(idSchema).max(max);

export const cellValueSchemas = {
  title: text(DatabaseLimits.textValueLength),
  text: text(DatabaseLimits.textValueLength),
  number: z.number().finite().nullable(),
  select: idSchema.nullable(),
  multi_select: ids(DatabaseLimits.multiValues),
  status: idSchema.nullable(),
  date: dateValueSchema.nullable(),
  person: ids(DatabaseLimits.multiValues),
  checkbox: z.boolean(),
  url: text(DatabaseLimits.urlLength),
  email: text(DatabaseLimits.emailLength),
  phone: text(DatabaseLimits.phoneLength),
  relation: ids(DatabaseLimits.relationValues),
} as const;
export type StoredType = keyof typeof cellValueSchemas;
export type CellValue = z.infer<(typeof cellValueSchemas)[StoredType]>;

export function isStoredType(type: PropertyType): type is StoredType {
  return type in cellValueSchemas;
}

// The value a row has for a property it never set: what "empty" means per type.
export function emptyValue(type: StoredType): CellValue {
  switch (type) {
    case 'title':
    case 'text':
    case 'url':
    case 'email':
    case 'phone':
      return '';
    case 'multi_select':
    case 'person':
    case 'relation':
      return [];
    case 'checkbox':
      return false;
    default:
      return null;
  }
}

// A row as the core sees it: stored values by property id plus the page facts the computed
// properties read. Times are ISO instants.
export interface Row {
  id: string;
  values: Readonly<Record<string, unknown>>;
  createdTime: string;
  createdBy: string;
  lastEditedTime: string;
  lastEditedBy: string;
}

export const rowValuesSchema = z.record(idSchema, z.unknown());

// Validate a value against a property, including that option ids exist. Returns the issue text or null.
export function checkCellValue(property: Property, value: unknown): string | null {
  if (!isStoredType(property.type)) return `${property.name} is computed and cannot be set`;
  const parsed = cellValueSchemas[property.type].safeParse(value);
  if (!parsed.success) return `${property.name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`;
  if (property.type === PropertyType.Select || property.type === PropertyType.Status || property.type === PropertyType.MultiSelect) {
    const chosen = Array.isArray(value) ? (value as string[]) : value === null ? [] : [value as string];
    const known = new Set(property.options.map((o) => o.id));
    const unknown = chosen.find((id) => !known.has(id));
    if (unknown !== undefined) return `${property.name}: no option ${unknown}`;
    if (new Set(chosen).size !== chosen.length) return `${property.name}: an option is chosen twice`;
  }
  if (property.type === PropertyType.Date && value !== null) {
    const date = value as DateValue;
    if (!property.includeEnd && date.end !== null) return `${property.name} has no end date`;
    if (!property.includeTime && !isDateOnly(date.start)) return `${property.name} is a day without time`;
    if (property.includeTime && isDateOnly(date.start)) return `${property.name} needs a time`;
  }
  return null;
}

// Read a stored value, falling back to the type's empty value when it is missing or malformed
// (a row written before a retype, or by an older client): reading never throws.
export function readCell(property: Property, row: Row): CellValue {
  if (!isStoredType(property.type)) return null;
  const raw = row.values[property.id];
  if (fitsShape(property.type, raw)) return raw as CellValue;
  const parsed = cellValueSchemas[property.type].safeParse(raw);
  return parsed.success ? parsed.data : emptyValue(property.type);
}

// The cheap structural check reading does for every cell of every row (views re-run on each
// edit); anything it does not recognise goes to zod. Writes are validated in full by checkCellValue.
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const TEXT_LIMITS: Partial<Record<StoredType, number>> = {
  title: DatabaseLimits.textValueLength,
  text: DatabaseLimits.textValueLength,
  url: DatabaseLimits.urlLength,
  email: DatabaseLimits.emailLength,
  phone: DatabaseLimits.phoneLength,
};
const isId = (v: unknown) => typeof v === 'string' && ID_RE.test(v);
const isDateString = (v: unknown) => typeof v === 'string' && DATE_SHAPE.test(v);

function fitsShape(type: StoredType, v: unknown): boolean {
  switch (type) {
    case 'number':
      return v === null || (typeof v === 'number' && Number.isFinite(v));
    case 'checkbox':
      return typeof v === 'boolean';
    case 'select':
    case 'status':
      return v === null || isId(v);
    case 'multi_select':
    case 'person':
    case 'relation':
      return Array.isArray(v) && v.length <= (type === 'relation' ? DatabaseLimits.relationValues : DatabaseLimits.multiValues) && v.every(isId);
    case 'date': {
      if (v === null) return true;
      const d = v as { start?: unknown; end?: unknown };
      return typeof v === 'object' && Object.keys(v).length === 2 && isDateString(d.start) && (d.end === null || (isDateString(d.end) && (d.end as string).length === (d.start as string).length));
    }
    default:
      return typeof v === 'string' && v.length <= TEXT_LIMITS[type]!;
  }
}
