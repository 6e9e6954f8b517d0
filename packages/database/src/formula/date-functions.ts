// Date arithmetic for formulas. Days and larger units move the wall clock in the viewer's zone
// (a meeting at 09:00 plus one day is 09:00 the next day, across DST); hours and minutes move the
// instant. A date-only value stays date-only unless hours or minutes are added.
import {
  addDays,
  addMonths,
  dayNumber,
  dayOfValue,
  instantOfValue,
  instantOfWallClock,
  isDateOnly,
  startOfDayInstant,
  zonedParts,
} from '../dates.js';
import type { DateValue } from '../values.js';
import { FormulaFailure } from './errors.js';

export const DATE_UNITS = ['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

export function parseUnit(unit: string): DateUnit {
  const u = (unit.endsWith('s') ? unit : `${unit}s`).toLowerCase() as DateUnit;
  if (!DATE_UNITS.includes(u)) throw new FormulaFailure('type', `unknown date unit "${unit}" (use ${DATE_UNITS.join(', ')})`);
  return u;
}

function shiftDay(day: string, amount: number, unit: DateUnit): string {
  switch (unit) {
    case 'years':
      return addMonths(day, amount * 12);
    case 'quarters':
      return addMonths(day, amount * 3);
    case 'months':
      return addMonths(day, amount);
    case 'weeks':
      return addDays(day, amount * 7);
    default:
      return addDays(day, amount);
  }
}

function shiftOne(value: string, amount: number, unit: DateUnit, timeZone: string): string {
  if (!Number.isInteger(amount)) throw new FormulaFailure('type', 'dateAdd takes a whole number of units');
  if (unit === 'hours' || unit === 'minutes') {
    const ms = instantOfValue(value, timeZone) + amount * (unit === 'hours' ? 3_600_000 : 60_000);
    return checked(ms);
  }
  if (isDateOnly(value)) return shiftDay(value, amount, unit);
  const p = zonedParts(Date.parse(value), timeZone);
  const day = shiftDay(`${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`, amount, unit);
  const ms = instantOfWallClock(
    { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)), hour: p.hour, minute: p.minute, second: p.second, millisecond: p.millisecond },
    timeZone,
  );
  return checked(ms);
}

function checked(ms: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(ms) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) throw new FormulaFailure('invalid_date', 'the date is out of range');
  return d.toISOString();
}

export function dateAdd(date: DateValue, amount: number, unit: DateUnit, timeZone: string): DateValue {
  const start = shiftOne(date.start, amount, unit, timeZone);
  const end = date.end === null ? null : shiftOne(date.end, amount, unit, timeZone);
  const year = Number(start.slice(0, 4));
  if (year < 1 || year > 9999) throw new FormulaFailure('invalid_date', 'the date is out of range');
  return { start, end };
}

// How many whole units from b to a (positive when a is later), like Notion's dateBetween.
export function dateBetween(a: DateValue, b: DateValue, unit: DateUnit, timeZone: string): number {
  if (unit === 'hours' || unit === 'minutes') {
    const diff = instantOfValue(a.start, timeZone) - instantOfValue(b.start, timeZone);
    return Math.trunc(diff / (unit === 'hours' ? 3_600_000 : 60_000));
  }
  const da = dayOfValue(a.start, timeZone);
  const db = dayOfValue(b.start, timeZone);
  if (unit === 'days') return dayNumber(da) - dayNumber(db);
  if (unit === 'weeks') return Math.trunc((dayNumber(da) - dayNumber(db)) / 7);
  // Whole months: count calendar months, minus one if the day of month has not been reached yet.
  let months = (Number(da.slice(0, 4)) - Number(db.slice(0, 4))) * 12 + Number(da.slice(5, 7)) - Number(db.slice(5, 7));
  if (months > 0 && Number(da.slice(8, 10)) < Number(db.slice(8, 10))) months -= 1;
  if (months < 0 && Number(da.slice(8, 10)) > Number(db.slice(8, 10))) months += 1;
  if (unit === 'months') return months;
  return Math.trunc(months / (unit === 'quarters' ? 3 : 12));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// Longest tokens first; anything else (and text in [brackets]) is copied as is.
const FORMAT_TOKENS = /\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A/g;

export function formatDate(date: DateValue, pattern: string, timeZone: string): string {
  const instant = isDateOnly(date.start) ? startOfDayInstant(date.start, 'UTC') : Date.parse(date.start);
  const p = zonedParts(instant, isDateOnly(date.start) ? 'UTC' : timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return pattern.replace(FORMAT_TOKENS, (token: string, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'YYYY':
        return String(p.year).padStart(4, '0');
      case 'YY':
        return pad(p.year % 100);
      case 'MMMM':
        return MONTHS[p.month - 1]!;
      case 'MMM':
        return MONTHS[p.month - 1]!.slice(0, 3);
      case 'MM':
        return pad(p.month);
      case 'M':
        return String(p.month);
      case 'DD':
        return pad(p.day);
      case 'D':
        return String(p.day);
      case 'dddd':
        return DAYS[p.weekday]!;
      case 'ddd':
        return DAYS[p.weekday]!.slice(0, 3);
      case 'HH':
        return pad(p.hour);
      case 'H':
        return String(p.hour);
      case 'hh':
        return pad(hour12);
      case 'h':
        return String(hour12);
      case 'mm':
        return pad(p.minute);
      case 'ss':
        return pad(p.second);
      default:
        return p.hour < 12 ? 'AM' : 'PM';
    }
  });
}
