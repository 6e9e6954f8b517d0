import type { DateValue } from '../values.js';
import { isDateOnly } from '../dates.js';
import { FormulaFailure } from './errors.js';

// What a formula computes. null is "empty" (an empty property read with prop()).
export type FormulaValue = number | string | boolean | DateValue | null;

export function isDateValue(v: unknown): v is DateValue {
  return typeof v === 'object' && v !== null && 'start' in v && typeof (v as DateValue).start === 'string';
}

export function typeName(v: FormulaValue): string {
  if (v === null) return 'empty';
  if (isDateValue(v)) return 'date';
  return typeof v === 'string' ? 'text' : typeof v;
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(12)));
}

export function formatDateValue(d: DateValue): string {
  const one = (s: string) => (isDateOnly(s) ? s : new Date(Date.parse(s)).toISOString());
  return d.end === null ? one(d.start) : `${one(d.start)} → ${one(d.end)}`;
}

// Text form of any value: what format() returns and what concat() joins.
export function toText(v: FormulaValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  return formatDateValue(v);
}

export function expectNumber(v: FormulaValue, where: string): number {
  if (typeof v !== 'number') throw new FormulaFailure('type', `${where} needs a number, not ${typeName(v)}`);
  return v;
}

export function expectText(v: FormulaValue, where: string): string {
  if (typeof v !== 'string') throw new FormulaFailure('type', `${where} needs text, not ${typeName(v)}`);
  return v;
}

export function expectBoolean(v: FormulaValue, where: string): boolean {
  // An empty checkbox-like value (null) reads as false so if(prop("Done"), …) works on empty rows.
  if (v === null) return false;
  if (typeof v !== 'boolean') throw new FormulaFailure('type', `${where} needs true/false, not ${typeName(v)}`);
  return v;
}

export function expectDate(v: FormulaValue, where: string): DateValue {
  if (!isDateValue(v)) throw new FormulaFailure('type', `${where} needs a date, not ${typeName(v)}`);
  return v;
}
