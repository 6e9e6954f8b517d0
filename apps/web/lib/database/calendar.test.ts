import { monthGrid, moveDate } from './calendar';

describe('monthGrid', () => {
  it('shows whole weeks from Monday around the month', () => {
    const weeks = monthGrid('2026-12-15');
    expect(weeks).toHaveLength(5);
    expect(weeks[0]![0]).toBe('2026-11-30');
    expect(weeks[4]![6]).toBe('2027-01-03');
    // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    expect(monthGrid('2027-02-01')).toHaveLength(4);
  });
});

describe('moveDate', () => {
  it('moves a day, a range (keeping its length) and a date-time (keeping its time)', () => {
    expect(moveDate({ start: '2026-12-04', end: null }, '2026-12-04', '2026-12-10')).toEqual({ start: '2026-12-10', end: null });
    expect(moveDate({ start: '2026-12-04', end: '2026-12-06' }, '2026-12-04', '2026-12-01')).toEqual({ start: '2026-12-01', end: '2026-12-03' });
    expect(moveDate({ start: '2026-12-04T09:30:00.000Z', end: null }, '2026-12-04', '2026-12-05')).toEqual({ start: '2026-12-05T09:30:00.000Z', end: null });
  });
});
