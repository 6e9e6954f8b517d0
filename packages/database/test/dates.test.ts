import { addDays, addMonths, dayOf, dayOfValue, instantOfValue, isDateOnly, isDateTime, isValidTimeZone, startOfDayInstant, startOfWeek } from '../src/index.js';

describe('dates', () => {
  it('recognises days and date-times with offsets only', () => {
    expect(isDateOnly('2024-02-29')).toBe(true);
    expect(isDateOnly('2023-02-29')).toBe(false);
    expect(isDateOnly('2024-13-01')).toBe(false);
    expect(isDateTime('2026-03-01T10:00:00Z')).toBe(true);
    expect(isDateTime('2026-03-01T10:00:00.123+05:30')).toBe(true);
    expect(isDateTime('2026-03-01T10:00:00')).toBe(false);
    expect(isDateTime('2026-03-01')).toBe(false);
  });

  it('the day of an instant depends on the zone; a day value does not', () => {
    const instant = '2026-03-10T23:30:00Z';
    expect(dayOfValue(instant, 'UTC')).toBe('2026-03-10');
    expect(dayOfValue(instant, 'Asia/Tokyo')).toBe('2026-03-11');
    expect(dayOfValue(instant, 'America/New_York')).toBe('2026-03-10');
    expect(dayOfValue('2026-03-10', 'Asia/Tokyo')).toBe('2026-03-10');
    expect(dayOf(Date.parse('2026-03-11T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-10');
  });

  it('calendar arithmetic clamps months and crosses years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(startOfWeek('2026-03-08')).toBe('2026-03-02'); // a Sunday belongs to the week from Monday
    expect(startOfWeek('2026-03-09')).toBe('2026-03-09');
  });

  it('start of day in a zone, across a DST change', () => {
    expect(new Date(startOfDayInstant('2026-03-10', 'Asia/Tokyo')).toISOString()).toBe('2026-03-09T15:00:00.000Z');
    // New York springs forward on 2026-03-08: midnight is still EST (-05:00) that day, EDT the next.
    expect(new Date(startOfDayInstant('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(new Date(startOfDayInstant('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(instantOfValue('2026-03-10T00:00:00+09:00', 'UTC')).toBe(Date.parse('2026-03-09T15:00:00Z'));
  });

  it('answers a day asked again, in another zone, the same as the first time (the per-zone cache)', () => {
    const first = ['Asia/Tokyo', 'America/New_York', 'UTC'].map((z) => startOfDayInstant('2026-03-08', z));
    expect(first.map((t) => new Date(t).toISOString())).toEqual(['2026-03-07T15:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-08T00:00:00.000Z']);
    expect(['Asia/Tokyo', 'America/New_York', 'UTC'].map((z) => startOfDayInstant('2026-03-08', z))).toEqual(first);
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('the day of instants either side of DST changes (offsets are cached per quarter hour)', () => {
    // Europe/Berlin goes CET → CEST at 01:00 UTC on 2026-03-29 and back at 01:00 UTC on 2026-10-25.
    expect(dayOf(Date.parse('2026-03-28T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(dayOf(Date.parse('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(dayOf(Date.parse('2026-03-29T21:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(dayOf(Date.parse('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
    expect(dayOf(Date.parse('2026-10-24T21:59:00Z'), 'Europe/Berlin')).toBe('2026-10-24');
    expect(dayOf(Date.parse('2026-10-24T22:00:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(dayOf(Date.parse('2026-10-25T22:59:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(dayOf(Date.parse('2026-10-25T23:00:00Z'), 'Europe/Berlin')).toBe('2026-10-26');
    // Quarter-hour and half-hour zones.
    expect(dayOf(Date.parse('2026-03-10T18:14:00Z'), 'Asia/Kathmandu')).toBe('2026-03-10');
    expect(dayOf(Date.parse('2026-03-10T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-03-11');
    expect(dayOf(Date.parse('2026-03-10T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-11');
    // Before 1900 (local mean time) is still right.
    expect(dayOf(Date.parse('1850-06-01T23:50:00Z'), 'Europe/Amsterdam')).toBe('1850-06-02');
  });
});
