// Resolving the value of any property of a row, stored or computed. One resolver serves one
// query (a view render, a worker projection, an export): it memoises computed cells, shares one
// formula step budget per requested cell, and detects cycles through formulas and rollups (also
// across rows and databases) by the cells in progress, so a cycle is an error value, never a hang.
import type { DatabaseSource, ViewerContext } from './context.js';
import { dayOfValue } from './dates.js';
import { FormulaFailure, type FormulaError, isFormulaError } from './formula/errors.js';
import { evaluateFormula, type FormulaEnv } from './formula/evaluate.js';
import { parseFormula, type Expr, type ParseResult } from './formula/parse.js';
import { formatNumber, isDateValue, toText, type FormulaValue } from './formula/value.js';
import { DatabaseLimits } from './limits.js';
import { rollup, type RolledItem, type RollupValue } from './rollup.js';
import { type DatabaseSchema, findProperty, findPropertyByName, type Property, PropertyType, titleProperty } from './schema.js';
import { type CellValue, type DateValue, readCell, type Row } from './values.js';
import { keptFormat } from './intl-formats.js';

export type PropertyValue = CellValue | FormulaValue | RollupValue | FormulaError;

const parsed = new Map<string, ParseResult>();
// Parsing is pure, so parsed formulas are shared by every resolver (bounded: a schema holds ≤ 200).
function parseCached(expression: string): ParseResult {
  let result = parsed.get(expression);
  if (!result) {
    if (parsed.size > 5_000) parsed.clear();
    result = parseFormula(expression);
    parsed.set(expression, result);
  }
  return result;
}

const MAX_CHAIN = 64;

export class RowResolver {
  private readonly memo = new Map<string, PropertyValue>();
  private readonly inProgress = new Set<string>();
  private readonly budget = { steps: 0 };
  private active = 0;

  constructor(
    private readonly source: DatabaseSource,
    readonly context: ViewerContext,
  ) {}

  value(databaseId: string, row: Row, property: Property): PropertyValue {
    switch (property.type) {
      case PropertyType.CreatedTime:
        return { start: row.createdTime, end: null };
      case PropertyType.LastEditedTime:
        return { start: row.lastEditedTime, end: null };
      case PropertyType.CreatedBy:
        return [row.createdBy];
      case PropertyType.LastEditedBy:
        return [row.lastEditedBy];
      case PropertyType.Formula:
      case PropertyType.Rollup:
        return this.computed(databaseId, row, property);
      default:
        return readCell(property, row);
    }
  }

  private computed(databaseId: string, row: Row, property: Extract<Property, { type: 'formula' | 'rollup' }>): PropertyValue {
    const key = `${databaseId}\u0000${row.id}\u0000${property.id}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (this.inProgress.has(key)) return { error: 'cycle', message: `${property.name} depends on itself` };
    // A long chain of formulas and rollups (across rows too) is bounded like a deep formula.
    if (this.active >= MAX_CHAIN) return { error: 'depth', message: `${property.name}: formulas and rollups depend on each other more than ${MAX_CHAIN} deep` };
    if (this.active === 0) this.budget.steps = DatabaseLimits.formulaSteps;
    this.active += 1;
    this.inProgress.add(key);
    try {
      const result = property.type === PropertyType.Formula ? this.formula(databaseId, row, property.expression) : this.rollup(databaseId, row, property);
      this.memo.set(key, result);
      return result;
    } finally {
      this.inProgress.delete(key);
      this.active -= 1;
    }
  }

  private formula(databaseId: string, row: Row, expression: string): PropertyValue {
    const parse = parseCached(expression);
    if (!parse.ok) return parse.error;
    const schema = this.source.schema(databaseId);
    const env: FormulaEnv = {
      now: this.context.now,
      timeZone: this.context.timeZone,
      budget: this.budget,
      prop: (name) => {
        const target = schema ? findPropertyByName(schema, name) : undefined;
        if (!target) throw new FormulaFailure('unknown_property', `no property named "${name}"`);
        const v = this.value(databaseId, row, target);
        if (isFormulaError(v)) throw new FormulaFailure(v.error, v.error === 'cycle' ? v.message : `${name}: ${v.message}`);
        return this.asFormulaValue(databaseId, target, v);
      },
    };
    return evaluateFormula(parse.expr satisfies Expr, env);
  }

  private rollup(databaseId: string, row: Row, property: Extract<Property, { type: 'rollup' }>): PropertyValue {
    const schema = this.source.schema(databaseId);
    const relation = schema ? findProperty(schema, property.relationPropertyId) : undefined;
    if (relation?.type !== PropertyType.Relation) return { error: 'unknown_property', message: `${property.name}: its relation no longer exists` };
    const targetSchema = this.source.schema(relation.targetDatabaseId);
    const target = targetSchema ? findProperty(targetSchema, property.targetPropertyId) : undefined;
    if (!targetSchema || !target) return { error: 'unknown_property', message: `${property.name}: the rolled-up property no longer exists` };
    const items: RolledItem[] = [];
    for (const id of readCell(relation, row) as string[]) {
      const related = this.source.row(relation.targetDatabaseId, id);
      // A related row that is gone (deleted, or not readable by this viewer) is simply not counted.
      if (!related) continue;
      const v = this.value(relation.targetDatabaseId, related, target);
      if (isFormulaError(v)) return v.error === 'cycle' ? v : { error: v.error, message: `${property.name}: ${v.message}` };
      items.push({ value: v, texts: this.texts(relation.targetDatabaseId, target, v), empty: isEmptyValue(v) });
    }
    return rollup(property.function, items, this.context.timeZone);
  }

  // A value as formulas see it: option names, people's names and related titles become text.
  private asFormulaValue(databaseId: string, property: Property, v: PropertyValue): FormulaValue {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return v;
    if (isDateValue(v)) return v;
    if (Array.isArray(v)) return this.texts(databaseId, property, v).join(', ');
    if (typeof v === 'string') return property.type === PropertyType.Select || property.type === PropertyType.Status ? (this.texts(databaseId, property, v)[0] ?? null) : v;
    return null;
  }

  // The text(s) a value shows: one per option/person/related row, one for anything else ('' for empty).
  texts(databaseId: string, property: Property, v: PropertyValue): string[] {
    if (isFormulaError(v)) return [`#${v.error}`];
    if (v === null) return [];
    switch (property.type) {
      case PropertyType.Select:
      case PropertyType.Status:
      case PropertyType.MultiSelect: {
        const ids = Array.isArray(v) ? v : [v as string];
        return ids.map((id) => property.options.find((o) => o.id === id)?.name ?? '');
      }
      case PropertyType.Person:
      case PropertyType.CreatedBy:
      case PropertyType.LastEditedBy:
        return (v as string[]).map((id) => this.context.personName?.(id) ?? id);
      case PropertyType.Relation:
        return (v as string[]).map((id) => this.relatedTitle(property.targetDatabaseId, id)).filter((t): t is string => t !== null);
      case PropertyType.Number:
        return [formatNumberProperty(property, v as number)];
      case PropertyType.Checkbox:
        return [v ? 'Yes' : 'No'];
      case PropertyType.Rollup:
        // "Percent checked" is a fraction (0..1) for sorting and filtering; people read a percent.
        if (property.function === 'percent_checked' && typeof v === 'number') return [formatFraction(v)];
      // falls through
      default:
        if (Array.isArray(v)) return v as string[];
        if (typeof v === 'number') return [formatNumber(v)];
        if (isDateValue(v)) return [formatDateForDisplay(v, this.context.timeZone)];
        return [toText(v as FormulaValue)];
    }
  }

  display(databaseId: string, row: Row, property: Property): string {
    return this.texts(databaseId, property, this.value(databaseId, row, property)).join(', ');
  }

  private relatedTitle(databaseId: string, rowId: string): string | null {
    const schema = this.source.schema(databaseId);
    const row = this.source.row(databaseId, rowId);
    if (!schema || !row) return null;
    return readCell(titleProperty(schema), row) as string;
  }
}

// Empty means "no value": null, blank text, no items. false is a value (an unchecked box, a formula
// that says no): it sorts before true and is not matched by "is empty".
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const numberFormat = (options: Intl.NumberFormatOptions) => keptFormat(numberFormats, JSON.stringify(options), () => new Intl.NumberFormat('en-US', options));
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormat = (timeZone: string) => keptFormat(timeFormats, timeZone, () => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));

// A fraction (0..1) as a percent with at most one decimal: "33.3%".
export function formatFraction(v: number): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: 1 }).format(v);
}

export function formatNumberProperty(property: Extract<Property, { type: 'number' }>, n: number): string {
  const digits = property.decimals;
  const opts: Intl.NumberFormatOptions = digits === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  if (property.format === 'percent') return numberFormat({ ...opts, style: 'percent', useGrouping: false }).format(n);
  if (property.format === 'currency') {
    return numberFormat({ style: 'currency', currency: property.currency ?? 'USD', ...(digits === undefined ? {} : opts) }).format(n);
  }
  return numberFormat({ ...opts, useGrouping: false }).format(n);
}

// Days as YYYY-MM-DD, date-times as YYYY-MM-DD HH:mm in the viewer's zone: sortable and what a
// spreadsheet reads back.
export function formatDateForDisplay(d: DateValue, timeZone: string): string {
  const one = (s: string) => {
    if (s.length === 10) return s;
    const day = dayOfValue(s, timeZone);
    const time = timeFormat(timeZone).format(new Date(Date.parse(s)));
    return `${day} ${time}`;
  };
  return d.end === null ? one(d.start) : `${one(d.start)} → ${one(d.end)}`;
}

export type { DatabaseSchema };
