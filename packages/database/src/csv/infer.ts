// Guessing a property type per CSV column, for the import dialog to show (and let people change)
// before anything is written. A type is chosen only when every non-empty cell fits it.
import { DatabaseLimits } from '../limits.js';
import { isEmailText, isUrlText, parseCheckboxText, parseDateText, parseNumberText } from '../parse-text.js';
import type { CsvTable } from './parse.js';

export const IMPORT_TYPES = ['title', 'text', 'number', 'date', 'checkbox', 'select', 'multi_select', 'url', 'email', 'phone'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

export interface ColumnPlan {
  name: string;
  type: ImportType;
  // For date columns: whether any cell carries a time of day.
  includeTime?: boolean;
}

// A column is a select when its values repeat: at most this many distinct ones, each used twice on
// average; otherwise free text (names, notes) would become hundreds of options.
const SELECT_MAX_DISTINCT = 20;

export function inferColumns(table: CsvTable): ColumnPlan[] {
  return table.header.map((name, i) => {
    // The first column is the title, as in every spreadsheet-to-database import.
    if (i === 0) return { name, type: 'title' };
    const cells = table.rows.map((r) => (r[i] ?? '').trim()).filter((c) => c !== '');
    return { name, ...inferType(cells) };
  });
}

export function inferType(cells: readonly string[]): Omit<ColumnPlan, 'name'> {
  if (cells.length === 0) return { type: 'text' };
  // 0/1 columns are numbers; checkboxes need at least one word (yes, true, x…).
  if (cells.every((c) => parseCheckboxText(c) !== null) && cells.some((c) => !/^[01]$/.test(c))) return { type: 'checkbox' };
  if (cells.every((c) => parseNumberText(c) !== null)) return { type: 'number' };
  const dates = cells.map(parseDateText);
  if (dates.every((d) => d !== null)) return { type: 'date', includeTime: dates.some((d) => d!.start.length > 10) };
  if (cells.every(isUrlText)) return { type: 'url' };
  if (cells.every(isEmailText)) return { type: 'email' };
  if (cells.every((c) => /^\+?[\d\s().-]{7,}$/.test(c) && /\d{3}/.test(c))) return { type: 'phone' };
  const fitsOption = (s: string) => s.length <= DatabaseLimits.optionNameLength;
  const distinct = new Set(cells.map((c) => c.toLocaleLowerCase()));
  if (distinct.size <= SELECT_MAX_DISTINCT && distinct.size * 2 <= cells.length && cells.every(fitsOption)) {
    return { type: 'select' };
  }
  if (cells.some((c) => c.includes(','))) {
    const parts = cells.flatMap((c) => c.split(',').map((s) => s.trim().toLocaleLowerCase())).filter((s) => s !== '');
    const distinctParts = new Set(parts);
    if (distinctParts.size <= SELECT_MAX_DISTINCT && distinctParts.size * 2 <= parts.length && parts.every(fitsOption)) return { type: 'multi_select' };
  }
  return { type: 'text' };
}
