// The calendar layout's arithmetic: the weeks a month shows and where a dragged row's date goes.
import { addDays, addMonths, type DateValue, dayNumber, startOfWeek } from '@tandem/database';

// The days a month view shows: whole weeks (Monday first) from the week of the 1st to the week of
// the last day, so every month is 4–6 rows of 7.
export function monthGrid(month: string): string[][] {
  const first = `${month.slice(0, 7)}-01`;
  const last = addDays(addMonths(first, 1), -1);
  const weeks: string[][] = [];
  for (let day = startOfWeek(first); dayNumber(day) <= dayNumber(last); day = addDays(day, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)));
  }
  return weeks;
}

// A date value moved so it starts on `toDay` (from `fromDay`): a range keeps its length, a
// date-time keeps its time of day.
export function moveDate(value: DateValue, fromDay: string, toDay: string): DateValue {
  const delta = dayNumber(toDay) - dayNumber(fromDay);
  const shift = (s: string) => (s.length === 10 ? addDays(s, delta) : new Date(Date.parse(s) + delta * 86_400_000).toISOString());
  return { start: shift(value.start), end: value.end === null ? null : shift(value.end) };
}
