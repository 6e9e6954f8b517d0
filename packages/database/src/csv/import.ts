// Turning a parsed CSV and the (possibly edited) column plan into properties and row values.
// Cells that do not fit the chosen type are reported per line, so the dialog can show them; the
// caller decides whether to import with those cells empty.
import { DatabaseLimits } from '../limits.js';
import { isEmailText, isUrlText, parseCheckboxText, parseDateText, parseNumberText } from '../parse-text.js';
import { OptionPool } from '../options.js';
import type { Property, SelectOption } from '../schema.js';
import type { CellValue } from '../values.js';
import type { ColumnPlan } from './infer.js';
import type { CsvTable } from './parse.js';

export interface CsvImport {
  properties: Property[];
  // Values keyed by property id, one record per data row, in file order.
  rows: Record<string, CellValue>[];
  problems: { line: number; column: string; message: string }[];
}

const MAX_PROBLEMS = 100;

export function importCsv(table: CsvTable, plan: readonly ColumnPlan[], newId: (index: number) => string): CsvImport {
  const problems: CsvImport['problems'] = [];
  const columns = plan.map((col, i) => ({ col, id: newId(i), options: new OptionPool([]) }));
  const rows = table.rows.map((cells, r) => {
    const values: Record<string, CellValue> = {};
    columns.forEach(({ col, id, options }, i) => {
      const cell = (cells[i] ?? '').trim();
      const { value, problem } = importCell(cell, col, options);
      values[id] = value;
      // Line numbers count the header as line 1; multi-line cells make this approximate.
      if (problem && problems.length < MAX_PROBLEMS) problems.push({ line: r + 2, column: col.name, message: problem });
    });
    return values;
  });
  const properties = columns.map(({ col, id, options }) => importedProperty(col, id, options.all()));
  return { properties, rows, problems };
}

// One cell of a column imported as a new property (also used when a merge adds a property).
export function importCell(cell: string, col: ColumnPlan, options: OptionPool): { value: CellValue; problem?: string } {
  switch (col.type) {
    case 'title':
    case 'text':
      return cell.length > DatabaseLimits.textValueLength ? { value: cell.slice(0, DatabaseLimits.textValueLength), problem: 'text cut' } : { value: cell };
    case 'number': {
      if (cell === '') return { value: null };
      const n = parseNumberText(cell);
      return n === null ? { value: null, problem: `"${cell}" is not a number` } : { value: n };
    }
    case 'checkbox': {
      const b = parseCheckboxText(cell);
      return b === null ? { value: false, problem: `"${cell}" is not yes/no` } : { value: b };
    }
    case 'date': {
      if (cell === '') return { value: null };
      const d = parseDateText(cell);
      if (d === null) return { value: null, problem: `"${cell}" is not a date (use YYYY-MM-DD)` };
      if (col.includeTime && d.start.length === 10) return { value: { start: `${d.start}T00:00:00.000Z`, end: d.end === null ? null : `${d.end}T00:00:00.000Z` } };
      if (!col.includeTime && d.start.length > 10) return { value: { start: d.start.slice(0, 10), end: d.end?.slice(0, 10) ?? null } };
      return { value: { start: d.start, end: null } };
    }
    case 'select': {
      if (cell === '') return { value: null };
      const id = options.idFor(cell);
      return id === null ? { value: null, problem: 'too many options' } : { value: id };
    }
    case 'multi_select': {
      const names = cell.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const ids = [...new Set(names.map((n) => options.idFor(n)).filter((id): id is string => id !== null))].slice(0, DatabaseLimits.multiValues);
      return ids.length < new Set(names.map((n) => n.toLocaleLowerCase())).size ? { value: ids, problem: 'too many options' } : { value: ids };
    }
    case 'url':
      if (cell !== '' && !isUrlText(cell)) return { value: '', problem: `"${cell}" is not a web address` };
      return { value: cell.slice(0, DatabaseLimits.urlLength) };
    case 'email':
      if (cell !== '' && !isEmailText(cell)) return { value: '', problem: `"${cell}" is not an email address` };
      return { value: cell.slice(0, DatabaseLimits.emailLength) };
    case 'phone':
      return { value: cell.slice(0, DatabaseLimits.phoneLength) };
  }
}

export function importedProperty(col: ColumnPlan, id: string, options: SelectOption[]): Property {
  const name = col.name;
  switch (col.type) {
    case 'number':
      return { id, name, type: 'number', format: 'plain' };
    case 'date':
      return { id, name, type: 'date', includeTime: col.includeTime ?? false, includeEnd: false };
    case 'select':
    case 'multi_select':
      return { id, name, type: col.type, options };
    default:
      return { id, name, type: col.type };
  }
}
