// "Merge with CSV" (issue 17): a CSV's rows appended to an existing database. Each column of the
// file goes into an existing property (proposed when the names match, ignoring case), into a new
// property (proposed, as Notion does, for a column no property is named after, with the type its
// values suggest), or nowhere. Cells convert into an existing property as retyping a text property
// into it would, and into a new one as a new-database import would; a cell that does not convert is
// stored empty (or cut, or partly kept) and reported with its line, as lost.
import type { ViewerContext } from '../context.js';
import { DatabaseLimits, rowsFit } from '../limits.js';
import { OptionPool } from '../options.js';
import { convertText, targetOptions } from '../retype.js';
import { type DatabaseSchema, type Property, PropertyType, findPropertyByName } from '../schema.js';
import { type CellValue, isStoredType } from '../values.js';
import { importCell, importedProperty, type CsvImport } from './import.js';
import { type ColumnPlan, IMPORT_TYPES, type ImportType, inferType } from './infer.js';
import type { CsvTable } from './parse.js';

export type NewColumnType = Exclude<ImportType, 'title'>;
// A database has its title: a new property can be any other import type.
export const NEW_COLUMN_TYPES = IMPORT_TYPES.filter((t): t is NewColumnType => t !== 'title');

export type MergeColumn =
  | { action: 'property'; propertyId: string }
  | { action: 'new'; name: string; type: NewColumnType; includeTime?: boolean }
  | { action: 'skip' };

export interface MergeProposal {
  // The file's column name.
  name: string;
  // The property of the same name, if any (even one the column cannot go into).
  matchedPropertyId: string | null;
  column: MergeColumn;
}

export interface CsvMerge {
  // Properties to add (in file order) and existing select-like ones that gained options.
  added: Property[];
  updated: Property[];
  // Values by property id, one record per data row, in file order.
  rows: Record<string, CellValue>[];
  // The first lost cells (at most 100), by line; `lost` counts them all, per file column.
  problems: CsvImport['problems'];
  lost: number[];
}

const MAX_PROBLEMS = 100;

// Text cannot name a person or a related row, and computed properties store nothing.
export function canMergeInto(property: Property): boolean {
  return isStoredType(property.type) && property.type !== PropertyType.Person && property.type !== PropertyType.Relation;
}

// The first use of a property name wins: the file's header names are already unique.
export function proposeMerge(table: CsvTable, schema: DatabaseSchema): MergeProposal[] {
  return table.header.map((name, i) => {
    const matched = findPropertyByName(schema, name.trim());
    if (matched) return { name, matchedPropertyId: matched.id, column: canMergeInto(matched) ? { action: 'property', propertyId: matched.id } : { action: 'skip' } };
    const cells = table.rows.map((r) => (r[i] ?? '').trim()).filter((c) => c !== '');
    return { name, matchedPropertyId: null, column: { action: 'new', name, ...inferType(cells) } as MergeColumn };
  });
}

// What is wrong with a merge plan for this schema and a file of `width` columns (null: nothing).
// `at` is the column's index in the plan, when the issue is one column's.
export function checkMerge(schema: DatabaseSchema, width: number, columns: readonly MergeColumn[]): { at: number | null; message: string } | null {
  if (columns.length !== width) return { at: null, message: `has ${columns.length} entries; the file has ${width} columns` };
  const targeted = new Set<string>();
  const names = new Set(schema.properties.map((p) => p.name.toLocaleLowerCase()));
  for (const [at, column] of columns.entries()) {
    if (column.action === 'property') {
      const property = schema.properties.find((p) => p.id === column.propertyId);
      if (!property) return { at, message: 'is not a property of this database (it may have been deleted meanwhile)' };
      if (!canMergeInto(property)) return { at, message: `${property.name} is a ${property.type} property, which CSV text cannot fill` };
      if (targeted.has(property.id)) return { at, message: `${property.name} is chosen for two columns` };
      targeted.add(property.id);
    } else if (column.action === 'new') {
      const key = column.name.trim().toLocaleLowerCase();
      if (names.has(key)) return { at, message: `a property is already named "${column.name.trim()}"` };
      names.add(key);
    }
  }
  return null;
}

// Why a file of `incoming` rows cannot be merged into a database of `existing` ones (null: it fits).
// Merged rows may fill the database to exactly its limit; the refusal names both counts.
export function mergeRowLimit(existing: number, incoming: number): string | null {
  if (rowsFit(existing, incoming)) return null;
  const n = (count: number) => count.toLocaleString('en');
  return `The database has ${n(existing)} rows and the file ${n(incoming)}; a database holds at most ${n(DatabaseLimits.rows)}. Nothing was imported.`;
}

// The merge of a checked plan (checkMerge): new properties get ids from `newId` (by file column).
export function mergeCsv(table: CsvTable, schema: DatabaseSchema, columns: readonly MergeColumn[], ctx: ViewerContext, newId: (column: number) => string): CsvMerge {
  const targets = columns.map((column, i) => target(schema, column, i, newId));
  const problems: CsvMerge['problems'] = [];
  const lost = columns.map(() => 0);
  const rows = table.rows.map((cells, r) => {
    const values: Record<string, CellValue> = {};
    targets.forEach((t, i) => {
      if (!t) return;
      const cell = (cells[i] ?? '').trim();
      const { value, reason } = t.plan ? fromImport(importCell(cell, t.plan, t.options)) : convertText(cell, t.property, t.options, ctx);
      values[t.property.id] = value;
      if (!reason) return;
      lost[i] = (lost[i] ?? 0) + 1;
      // Line numbers count the header as line 1, as the new-database import does.
      if (problems.length < MAX_PROBLEMS) problems.push({ line: r + 2, column: table.header[i] ?? '', message: reason });
    });
    return values;
  });
  const added: Property[] = [];
  const updated: Property[] = [];
  for (const t of targets) {
    if (!t) continue;
    if (t.plan) added.push(importedProperty(t.plan, t.property.id, t.options.all()));
    else if ('options' in t.property && t.options.all().length > t.property.options.length) updated.push({ ...t.property, options: t.options.all() } as Property);
  }
  return { added, updated, rows, problems, lost };
}

const fromImport = ({ value, problem }: ReturnType<typeof importCell>) => ({ value, reason: problem ?? null });

interface Target {
  property: Property;
  options: OptionPool;
  // Set for a new property: its cells convert as a new-database import's.
  plan?: ColumnPlan;
}

function target(schema: DatabaseSchema, column: MergeColumn, i: number, newId: (column: number) => string): Target | null {
  if (column.action === 'skip') return null;
  if (column.action === 'new') {
    const plan: ColumnPlan = { name: column.name.trim(), type: column.type, ...(column.type === 'date' ? { includeTime: column.includeTime ?? false } : {}) };
    return { property: importedProperty(plan, newId(i), []), options: new OptionPool([]), plan };
  }
  const property = schema.properties.find((p) => p.id === column.propertyId);
  if (!property) throw new Error(`merge plan names no property ${column.propertyId}: check it with checkMerge first`);
  return { property, options: targetOptions(property) };
}
