'use client';

import { useMemo, useState } from 'react';
import { addMonths, type DateValue, dayOf, dayOfValue, findProperty, type FilterScope, PropertyType, readCell, type Row, titleProperty, type View } from '@tandem/database';
import { addRows, setCells } from '@tandem/database/ydoc';
import { monthGrid, moveDate } from '@/lib/database/calendar';
import { newRowId } from '@/lib/database/model';
import { valuesForFilter } from '@/lib/database/views';
import { Icon } from '@/components/ui/Icon';
import { useDatabase } from './DatabaseContext';
import styles from './database.module.css';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });

// The calendar layout: a month of days, each row on the day its date property starts (in the
// viewer's zone). Dragging a card to another day moves its date (a range keeps its length); "+"
// on a day adds a row dated that day.
export function CalendarView({ view, rows, scope }: { view: View; rows: Row[]; scope: FilterScope }) {
  const { change, editable, openRow, userId } = useDatabase();
  const zone = scope.resolver.context.timeZone;
  const today = dayOf(Date.now(), zone);
  const [month, setMonth] = useState(today.slice(0, 7) + '-01');
  const [drag, setDrag] = useState<{ rowId: string; from: string } | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const property = view.calendarBy ? findProperty(scope.schema, view.calendarBy) : undefined;
  const title = titleProperty(scope.schema);
  const weeks = useMemo(() => monthGrid(month), [month]);

  const byDay = useMemo(() => {
    const map = new Map<string, Row[]>();
    if (!property) return map;
    for (const row of rows) {
      const value = scope.resolver.value(scope.databaseId, row, property) as DateValue | null;
      if (!value || typeof value !== 'object' || !('start' in value)) continue;
      const day = dayOfValue(value.start, zone);
      map.set(day, [...(map.get(day) ?? []), row]);
    }
    return map;
  }, [rows, property, scope, zone]);

  if (!property) return <p className={styles.empty}>This calendar’s date property was deleted.</p>;
  const movable = editable && property.type === PropertyType.Date;
  const undated = rows.length - [...byDay.values()].reduce((n, list) => n + list.length, 0);

  const drop = (day: string) => {
    if (!drag || property.type !== PropertyType.Date) return;
    const row = rows.find((r) => r.id === drag.rowId);
    const value = row ? (readCell(property, row) as DateValue | null) : null;
    setDrag(null);
    setOver(null);
    if (!row || !value || day === drag.from) return;
    change((doc, id, by) => setCells(doc, id, row.id, { [property.id]: moveDate(value, drag.from, day) }, by));
  };
  const addOn = (day: string) => {
    if (property.type !== PropertyType.Date) return;
    const start = property.includeTime ? new Date(`${day}T09:00:00`).toISOString() : day;
    const values = { ...valuesForFilter(view.filter, scope.schema, userId), [property.id]: { start, end: null } };
    change((doc, id, by) => addRows(doc, id, [{ id: newRowId(), values }], by));
  };

  return (
    <div className={styles.calendar} data-testid="database-calendar">
      <div className={styles.calendarHead}>
        <strong data-testid="calendar-month">{MONTH.format(new Date(`${month}T00:00:00Z`))}</strong>
        <span className={styles.calendarNav}>
          {undated > 0 ? <span className={styles.popoverHint}>{undated} without a date</span> : null}
          <button type="button" className={styles.iconButton} aria-label="Previous month" onClick={() => setMonth(addMonths(month, -1))}>
            <Icon name="chevronRight" size={14} className={styles.flip} />
          </button>
          <button type="button" className={styles.linkButton} onClick={() => setMonth(today.slice(0, 7) + '-01')}>
            Today
          </button>
          <button type="button" className={styles.iconButton} aria-label="Next month" onClick={() => setMonth(addMonths(month, 1))}>
            <Icon name="chevronRight" size={14} />
          </button>
        </span>
      </div>
      <div className={styles.calendarGrid} role="grid" aria-label={`${view.name}: ${MONTH.format(new Date(`${month}T00:00:00Z`))}`}>
        {WEEKDAYS.map((d) => (
          <div key={d} className={styles.weekday} role="columnheader">
            {d}
          </div>
        ))}
        {weeks.flat().map((day) => (
          <div
            key={day}
            role="gridcell"
            aria-label={day}
            className={`${styles.day} ${day.slice(0, 7) !== month.slice(0, 7) ? styles.dayOutside : ''} ${over === day ? styles.dayOver : ''}`}
            onDragOver={(e) => {
              if (!drag) return;
              e.preventDefault();
              if (over !== day) setOver(day);
            }}
            onDrop={(e) => {
              e.preventDefault();
              drop(day);
            }}
            data-testid="calendar-day"
            data-day={day}
          >
            <span className={`${styles.dayNumber} ${day === today ? styles.today : ''}`}>{Number(day.slice(8, 10))}</span>
            {(byDay.get(day) ?? []).map((row) => (
              <button
                key={row.id}
                type="button"
                className={styles.calendarCard}
                draggable={movable}
                onDragStart={(e) => {
                  e.dataTransfer.setData('text/plain', row.id);
                  e.dataTransfer.effectAllowed = 'move';
                  setDrag({ rowId: row.id, from: day });
                }}
                onDragEnd={() => {
                  setDrag(null);
                  setOver(null);
                }}
                onClick={() => openRow?.(row.id)}
                data-testid="calendar-card"
              >
                {(readCell(title, row) as string) || 'Untitled'}
              </button>
            ))}
            {movable ? (
              <button type="button" className={styles.dayAdd} aria-label={`New row on ${day}`} onClick={() => addOn(day)}>
                <Icon name="plus" size={12} />
              </button>
            ) : null}
          </div>
        ))}
      </div>
    </div>
  );
}
