// Calendar arithmetic in IANA time zones with nothing but Intl. A "day" is 'YYYY-MM-DD'. A
// date-only value is the same day in every zone; a date-time is an instant whose day depends on the
// viewer's zone, so every filter, group and formula that asks "which day" takes the zone explicitly.
import { keptFormat } from './intl-formats.js';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isDateOnly(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function isDateTime(s: string): boolean {
  return DATE_TIME_RE.test(s) && isDateOnly(s.slice(0, 10)) && Number.isFinite(Date.parse(s));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string): Intl.DateTimeFormat =>
  keptFormat(formatters, timeZone, () =>
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' }),
  );

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  // 0 = Sunday
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function zonedParts(instant: number, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((instant % 1000) + 1000) % 1000,
    weekday: WEEKDAYS.indexOf(parts.weekday ?? 'Sun'),
  };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function dayOf(instant: number, timeZone: string): string {
  return dayFromNumber(Math.floor((instant + cachedOffset(instant, timeZone)) / MS_PER_DAY));
}

// The day a stored date string falls on for a viewer in `timeZone`. Stored values are validated on
// write, so the length tells a day (10 characters) from a date-time.
export function dayOfValue(value: string, timeZone: string): string {
  return value.length === 10 ? value : dayOf(Date.parse(value), timeZone);
}

// Offsets change only at transitions, which fall on UTC quarter hours in every zone since ~1900,
// so one Intl call per zone and quarter hour serves every date in it: filtering and grouping
// 10,000 date-times is then arithmetic, not 10,000 formatToParts calls. A quarter hour whose two
// ends disagree (a pre-1900 local mean time change) is never cached.
const QUARTER_HOUR = 900_000;
const offsets = new Map<string, number>();
function cachedOffset(instant: number, timeZone: string): number {
  const bucket = Math.floor(instant / QUARTER_HOUR);
  const key = `${timeZone}|${bucket}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const start = offsetAt(bucket * QUARTER_HOUR, timeZone);
  if (offsetAt(bucket * QUARTER_HOUR + QUARTER_HOUR - 1, timeZone) !== start) return offsetAt(instant, timeZone);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, start);
  return start;
}

// Days since 1970-01-01, for differences and ordering of days.
export function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / MS_PER_DAY;
}

export function dayFromNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayFromNumber(dayNumber(day) + days);
}

// Month arithmetic clamps to the month's last day (Jan 31 + 1 month = Feb 28/29), like every calendar app.
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), lastDay);
  return `${pad(targetYear, 4)}-${pad(targetMonth + 1)}-${pad(d)}`;
}

// Weeks start on Monday (ISO 8601).
export function startOfWeek(day: string): string {
  const weekday = new Date(dayNumber(day) * MS_PER_DAY).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

// The offset of `timeZone` from UTC at an instant, in ms.
function offsetAt(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond) - instant;
}

// The instant a wall-clock time in `timeZone` names. A wall time skipped by a DST gap moves
// forward by the gap (02:30 becomes 03:30), as calendar apps do.
export function instantOfWallClock(parts: Omit<ZonedParts, 'weekday'>, timeZone: string): number {
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond);
  const guess = wall - offsetAt(wall, timeZone);
  const offset = offsetAt(guess, timeZone);
  return wall - offset === guess ? guess : wall - offset;
}

// Sorting by a date property asks this once per row, and each answer costs two Intl
// formatToParts calls (~15 µs): a 10,000-row sort spent 300 ms here. A database has few distinct
// days, so the answers are kept per zone and day (bounded: the cache is dropped when it fills).
const dayStarts = new Map<string, number>();
const DAY_STARTS_MAX = 50_000;

export function startOfDayInstant(day: string, timeZone: string): number {
  const key = `${timeZone} ${day}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return known;
  if (dayStarts.size >= DAY_STARTS_MAX) dayStarts.clear();
  const instant = computeStartOfDay(day, timeZone);
  dayStarts.set(key, instant);
  return instant;
}

function computeStartOfDay(day: string, timeZone: string): number {
  return instantOfWallClock(
    { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)), hour: 0, minute: 0, second: 0, millisecond: 0 },
    timeZone,
  );
}

// A total order over date strings for sorting: by instant, a day counting as its start in `timeZone`.
export function instantOfValue(value: string, timeZone: string): number {
  return value.length === 10 ? startOfDayInstant(value, timeZone) : Date.parse(value);
}
