// Changing a property's type with data in it: every row's value is converted, and whatever cannot
// survive is listed so the UI can show a preview ("12 values will be cleared") before committing.
// Nothing here mutates: the caller applies `values` and `property` in one Yjs transaction.
import type { DatabaseSource, ViewerContext } from './context.js';
import { dayOfValue, isDateOnly, startOfDayInstant } from './dates.js';
import { isFormulaError } from './formula/errors.js';
import { DatabaseLimits } from './limits.js';
import { isEmptyValue, RowResolver } from './resolve.js';
import { OptionPool } from './options.js';
import { COMPUTED_TYPES, type DatabaseSchema, type Property, PropertyType, type SelectOption } from './schema.js';
import { parseCheckboxText, parseDateText, parseNumberText } from './parse-text.js';
import { type CellValue, type DateValue, emptyValue, isStoredType, type Row } from './values.js';

export interface RetypeLoss {
  rowId: string;
  before: string;
  after: string;
  reason: string;
}

export interface RetypeResult {
  // The property as it will be saved (select targets gain the options the values need).
  property: Property;
  // New stored value per row id (absent for computed targets, which store nothing).
  values: Map<string, CellValue>;
  losses: RetypeLoss[];
}

type Source = { value: unknown; texts: string[] };
export type Converted = { value: CellValue; reason: string | null };

export function retypeProperty(
  input: { databaseId: string; schema: DatabaseSchema; rows: readonly Row[]; source: DatabaseSource; context: ViewerContext },
  from: Property,
  to: Property,
): RetypeResult {
  const resolver = new RowResolver(input.source, input.context);
  const options = optionPool(to, from);
  const values = new Map<string, CellValue>();
  const losses: RetypeLoss[] = [];
  const storedType = isStoredType(to.type) ? to.type : null;
  for (const row of input.rows) {
    const raw = resolver.value(input.databaseId, row, from);
    const texts = isFormulaError(raw) ? [] : resolver.texts(input.databaseId, from, raw);
    const before = texts.join(', ');
    if (storedType === null) {
      if (!COMPUTED_TYPES.has(from.type) && !isEmptyValue(raw)) losses.push({ rowId: row.id, before, after: '', reason: `a ${to.type} property computes its values` });
      continue;
    }
    const { value, reason } = isEmptyValue(raw) || isFormulaError(raw) ? { value: emptyValue(storedType), reason: null } : convert({ value: raw, texts }, from, to, options, input.context);
    values.set(row.id, value);
    if (reason !== null) losses.push({ rowId: row.id, before, after: afterText(value, options.all()), reason });
  }
  return { property: 'options' in to ? ({ ...to, options: options.all() } as Property) : to, values, losses };
}

// A text cell (a CSV cell merged into an existing property) converted as retyping a text property
// into `to` would convert it, so a value that survives one survives the other. Empty text is the
// type's empty value; `to` must store its values.
const TEXT_SOURCE: Property = { id: 'text', name: 'Text', type: PropertyType.Text };
export function convertText(text: string, to: Property, options: OptionPool, ctx: ViewerContext): Converted {
  if (!isStoredType(to.type)) return { value: null, reason: `a ${to.type} property computes its values` };
  if (text.trim() === '') return { value: emptyValue(to.type), reason: null };
  return convert({ value: text, texts: [text] }, TEXT_SOURCE, to, options, ctx);
}

// The pool of options a select-like target starts from and grows while values are converted.
export function targetOptions(to: Property): OptionPool {
  return optionPool(to, TEXT_SOURCE);
}

function afterText(value: CellValue, options: SelectOption[]): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((id) => options.find((o) => o.id === id)?.name ?? id).join(', ');
  if (typeof value === 'object') return value.end === null ? value.start : `${value.start} → ${value.end}`;
  const named = typeof value === 'string' ? options.find((o) => o.id === value) : undefined;
  return named ? named.name : String(value);
}

function optionPool(to: Property, from: Property): OptionPool {
  return new OptionPool('options' in to ? to.options : [], 'options' in from ? from.options : [], to.type === PropertyType.Status ? 'todo' : null);
}

function convert(src: Source, from: Property, to: Property, options: OptionPool, ctx: ViewerContext): Converted {
  const text = src.texts.join(', ');
  const ok = (value: CellValue): Converted => ({ value, reason: null });
  switch (to.type) {
    case PropertyType.Title:
    case PropertyType.Text:
    case PropertyType.Url:
    case PropertyType.Email:
    case PropertyType.Phone: {
      const limit = to.type === 'url' ? DatabaseLimits.urlLength : to.type === 'email' ? DatabaseLimits.emailLength : to.type === 'phone' ? DatabaseLimits.phoneLength : DatabaseLimits.textValueLength;
      const plain = typeof src.value === 'number' && from.type === PropertyType.Number && from.format === 'plain' ? String(src.value) : text;
      return plain.length > limit ? { value: plain.slice(0, limit), reason: `cut to ${limit} characters` } : ok(plain);
    }
    case PropertyType.Number: {
      if (typeof src.value === 'number') return ok(src.value);
      if (typeof src.value === 'boolean') return ok(src.value ? 1 : 0);
      const n = src.texts.length === 1 ? parseNumberText(src.texts[0]!) : null;
      return n === null ? { value: null, reason: `"${text}" is not a number` } : ok(n);
    }
    case PropertyType.Checkbox: {
      if (typeof src.value === 'boolean') return ok(src.value);
      if (typeof src.value === 'number') return ok(src.value !== 0);
      const b = src.texts.length === 1 ? parseCheckboxText(src.texts[0]!) : null;
      return b === null ? { value: false, reason: `"${text}" is not yes/no` } : ok(b);
    }
    case PropertyType.Select:
    case PropertyType.Status: {
      const names = splitNames(src, from);
      const id = names[0] === undefined ? null : options.idFor(names[0]);
      if (id === null) return { value: null, reason: 'too many options' };
      return names.length > 1 ? { value: id, reason: `kept "${names[0]}" only` } : ok(id);
    }
    case PropertyType.MultiSelect: {
      const names = splitNames(src, from).slice(0, DatabaseLimits.multiValues);
      const ids = [...new Set(names.map((n) => options.idFor(n)).filter((id): id is string => id !== null))];
      return ids.length < new Set(names.map((n) => n.toLocaleLowerCase())).size ? { value: ids, reason: 'too many options' } : ok(ids);
    }
    case PropertyType.Date:
      return toDate(src, to, ctx);
    case PropertyType.Person:
      if (Array.isArray(src.value) && (from.type === PropertyType.Person || from.type === PropertyType.CreatedBy || from.type === PropertyType.LastEditedBy)) {
        return ok(src.value as string[]);
      }
      return { value: [], reason: 'text cannot name a person' };
    case PropertyType.Relation:
      if (from.type === PropertyType.Relation && from.targetDatabaseId === to.targetDatabaseId) return ok(src.value as string[]);
      return { value: [], reason: 'only a relation to the same database converts to this relation' };
    default:
      return { value: null, reason: 'not convertible' };
  }
}

// Option-like sources give their option names; text splits on commas (the way CSV and people
// write lists); any other value is one name.
function splitNames(src: Source, from: Property): string[] {
  if (from.type === PropertyType.Text || from.type === PropertyType.Title) {
    return (src.texts[0] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  return src.texts.filter((s) => s.trim() !== '');
}

function toDate(src: Source, to: Extract<Property, { type: 'date' }>, ctx: ViewerContext): Converted {
  let date: DateValue | null = null;
  if (typeof src.value === 'object' && src.value !== null && 'start' in src.value) date = src.value as DateValue;
  else if (src.texts.length === 1) date = parseDateText(src.texts[0]!);
  if (date === null) return { value: null, reason: `"${src.texts.join(', ')}" is not a date` };
  const reasons: string[] = [];
  if (date.end !== null && !to.includeEnd) {
    date = { start: date.start, end: null };
    reasons.push('end date dropped');
  }
  const timed = !isDateOnly(date.start);
  if (timed && !to.includeTime) {
    // The day the viewer saw is the day kept.
    date = { start: dayOfValue(date.start, ctx.timeZone), end: date.end === null ? null : dayOfValue(date.end, ctx.timeZone) };
    reasons.push('time of day dropped');
  } else if (!timed && to.includeTime) {
    const at = (d: string) => new Date(startOfDayInstant(d, ctx.timeZone)).toISOString();
    date = { start: at(date.start), end: date.end === null ? null : at(date.end) };
  }
  return { value: date, reason: reasons.length === 0 ? null : reasons.join(', ') };
}
