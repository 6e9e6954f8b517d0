'use client';

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  type DateValue,
  DatabaseLimits,
  parseNumberText,
  type Property,
  PropertyType,
  readCell,
  type Row,
  type SelectOption,
  type StatusOption,
} from '@tandem/database';
import { setCells, updateProperty } from '@tandem/database/ydoc';
import { colorFor } from '@/lib/colors';
import { newShortId, nextOptionColor } from '@/lib/database/model';
import { useDatabase } from './DatabaseContext';
import { OptionChip } from './OptionChip';
import { RelationEditor } from './RelationCell';
import styles from './database.module.css';

// Where focus goes after an edit ends: down (Enter), right (Tab), back (Shift+Tab) or stays (Esc, click away).
export type EditExit = 'down' | 'right' | 'left' | null;

export interface CellEditorProps {
  property: Property;
  row: Row;
  // A printable key that started the edit replaces the text, as in a spreadsheet.
  initialText?: string;
  onDone: (exit: EditExit) => void;
}

// The editor of one cell, by type. Every value goes through setCells, which validates it against
// the property; a refused value changes nothing and says why.
export function CellEditor(props: CellEditorProps) {
  switch (props.property.type) {
    case PropertyType.Select:
    case PropertyType.Status:
    case PropertyType.MultiSelect:
      return <OptionEditor {...props} property={props.property} />;
    case PropertyType.Person:
      return <PersonEditor {...props} />;
    case PropertyType.Date:
      return <DateEditor {...props} property={props.property} />;
    case PropertyType.Relation:
      return <RelationEditor {...props} property={props.property} />;
    case PropertyType.Title:
    case PropertyType.Text:
    case PropertyType.Number:
    case PropertyType.Url:
    case PropertyType.Email:
    case PropertyType.Phone:
      return <TextEditor {...props} />;
    default:
      return null;
  }
}

function exitFor(e: KeyboardEvent): EditExit | undefined {
  if (e.key === 'Enter' && !e.shiftKey) return 'down';
  if (e.key === 'Tab') return e.shiftKey ? 'left' : 'right';
  return undefined;
}

function TextEditor({ property, row, initialText, onDone }: CellEditorProps) {
  const { change } = useDatabase();
  const stored = readCell(property, row);
  const [text, setText] = useState(initialText ?? (stored === null ? '' : String(stored)));
  const [invalid, setInvalid] = useState(false);
  const done = useRef(false);
  const max = property.type === 'url' ? DatabaseLimits.urlLength : property.type === 'email' ? DatabaseLimits.emailLength : property.type === 'phone' ? DatabaseLimits.phoneLength : DatabaseLimits.textValueLength;
  const commit = (exit: EditExit) => {
    if (done.current) return;
    let value: unknown = text;
    if (property.type === PropertyType.Number) {
      value = text.trim() === '' ? null : parseNumberText(text);
      if (value === null && text.trim() !== '') {
        setInvalid(true);
        return;
      }
    }
    done.current = true;
    if (value !== stored) change((doc, id, by) => setCells(doc, id, row.id, { [property.id]: value }, by));
    onDone(exit);
  };
  return (
    <input
      className={`${styles.cellInput} ${invalid ? styles.cellInputInvalid : ''}`}
      autoFocus
      value={text}
      maxLength={max}
      inputMode={property.type === PropertyType.Number ? 'decimal' : undefined}
      aria-label={property.name}
      aria-invalid={invalid}
      title={invalid ? 'Not a number' : undefined}
      data-testid="cell-input"
      onChange={(e) => {
        setText(e.target.value);
        setInvalid(false);
      }}
      onFocus={(e) => {
        // Typing into a cell replaces it; Enter or a double click edits from the end.
        const end = e.target.value.length;
        e.target.setSelectionRange(end, end);
      }}
      onKeyDown={(e) => {
        e.stopPropagation();
        const exit = exitFor(e);
        if (exit !== undefined) {
          e.preventDefault();
          commit(exit);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          done.current = true;
          onDone(null);
        }
      }}
      onBlur={() => {
        if (!done.current && invalid) {
          done.current = true;
          onDone(null);
        } else commit(null);
      }}
    />
  );
}

function DateEditor({ property, row, onDone }: CellEditorProps & { property: Extract<Property, { type: 'date' }> }) {
  const { change } = useDatabase();
  const value = readCell(property, row) as DateValue | null;
  const type = property.includeTime ? 'datetime-local' : 'date';
  const toInput = (s: string | null | undefined) => {
    if (!s) return '';
    if (!property.includeTime) return s.slice(0, 10);
    const d = new Date(s);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  const fromInput = (s: string) => (property.includeTime ? new Date(s).toISOString() : s);
  const save = (start: string, end: string) => {
    const next: DateValue | null = start === '' ? null : { start: fromInput(start), end: property.includeEnd && end !== '' ? fromInput(end) : null };
    change((doc, id, by) => setCells(doc, id, row.id, { [property.id]: next }, by));
  };
  const [start, setStart] = useState(toInput(value?.start));
  const [end, setEnd] = useState(toInput(value?.end));
  const keys = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape' || e.key === 'Enter') {
      e.preventDefault();
      onDone(e.key === 'Enter' ? 'down' : null);
    }
  };
  return (
    <div className={styles.popover} onKeyDown={keys} data-testid="date-editor">
      <input
        className={styles.popoverInput}
        type={type}
        autoFocus
        aria-label={property.name}
        value={start}
        onChange={(e) => {
          setStart(e.target.value);
          save(e.target.value, end);
        }}
      />
      {property.includeEnd ? (
        <input
          className={styles.popoverInput}
          type={type}
          aria-label={`${property.name} end`}
          value={end}
          onChange={(e) => {
            setEnd(e.target.value);
            save(start, e.target.value);
          }}
        />
      ) : null}
      <div className={styles.popoverActions}>
        <button type="button" className={styles.linkButton} onClick={() => (save('', ''), onDone(null))}>
          Clear
        </button>
        <button type="button" className={styles.linkButton} onClick={() => onDone(null)}>
          Done
        </button>
      </div>
    </div>
  );
}

type AnyOption = SelectOption | StatusOption;

function OptionEditor({ property, row, initialText, onDone }: CellEditorProps & { property: Extract<Property, { type: 'select' | 'status' | 'multi_select' }> }) {
  const { change } = useDatabase();
  const multi = property.type === PropertyType.MultiSelect;
  const value = readCell(property, row);
  const chosen = useMemo(() => (Array.isArray(value) ? (value as string[]) : value === null ? [] : [value as string]), [value]);
  const [query, setQuery] = useState(initialText ?? '');
  const [active, setActive] = useState(0);
  const needle = query.trim().toLocaleLowerCase();
  const options = property.options as AnyOption[];
  const matches = options.filter((o) => o.name.toLocaleLowerCase().includes(needle));
  const exact = options.some((o) => o.name.toLocaleLowerCase() === needle);
  const canCreate = needle !== '' && !exact && options.length < DatabaseLimits.optionsPerProperty;
  const items: ({ kind: 'option'; option: AnyOption } | { kind: 'create'; name: string })[] = [
    ...matches.map((option) => ({ kind: 'option' as const, option })),
    ...(canCreate ? [{ kind: 'create' as const, name: query.trim().slice(0, DatabaseLimits.optionNameLength) }] : []),
  ];

  const pick = (id: string) => {
    const next = multi ? (chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]) : chosen[0] === id ? null : id;
    change((doc, dbId, by) => setCells(doc, dbId, row.id, { [property.id]: next }, by));
    if (!multi) onDone(null);
    setQuery('');
  };
  const create = (name: string) => {
    const option = { id: newShortId(), name, color: nextOptionColor(options.length) };
    const next = property.type === PropertyType.Status ? { ...property, options: [...property.options, { ...option, group: 'todo' as const }] } : { ...property, options: [...property.options, option] };
    const value = multi ? [...chosen, option.id] : option.id;
    // The new option and the value in one transaction: nobody sees a value without its option.
    change((doc, dbId, by) =>
      doc.transact(() => {
        updateProperty(doc, dbId, next as Property);
        setCells(doc, dbId, row.id, { [property.id]: value }, by);
      }),
    );
    if (!multi) onDone(null);
    setQuery('');
  };
  const run = (i: number) => {
    const item = items[i];
    if (!item) return;
    if (item.kind === 'option') pick(item.option.id);
    else create(item.name);
  };
  return (
    <div
      className={styles.popover}
      data-testid="option-editor"
      onKeyDown={(e) => {
        if (listKeys(e, items.length, setActive, () => onDone(null), () => run(active))) return;
        if (e.key === 'Tab') {
          e.preventDefault();
          onDone(e.shiftKey ? 'left' : 'right');
        }
      }}
    >
      {chosen.length > 0 ? (
        <div className={styles.popoverChosen}>
          {chosen.map((id) => {
            const o = options.find((x) => x.id === id);
            return o ? (
              <button key={id} type="button" className={styles.chipButton} onClick={() => pick(id)} aria-label={`Remove ${o.name}`}>
                <OptionChip name={o.name} color={o.color} /> <span aria-hidden>×</span>
              </button>
            ) : null;
          })}
        </div>
      ) : null}
      <input
        className={styles.popoverInput}
        autoFocus
        placeholder={options.length ? 'Search or create an option' : 'Type to create an option'}
        value={query}
        aria-label={`${property.name} options`}
        data-testid="option-search"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
      />
      <div role="listbox" aria-label={property.name} className={styles.popoverList}>
        {items.map((item, i) =>
          item.kind === 'option' ? (
            <div
              key={item.option.id}
              role="option"
              aria-selected={chosen.includes(item.option.id)}
              className={`${styles.popoverItem} ${i === active ? styles.popoverItemActive : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(item.option.id)}
              onMouseEnter={() => setActive(i)}
              data-testid="option-item"
            >
              <OptionChip name={item.option.name} color={item.option.color} status={property.type === PropertyType.Status} />
              {chosen.includes(item.option.id) ? <span className={styles.tick} aria-hidden>✓</span> : null}
            </div>
          ) : (
            <div
              key="create"
              role="option"
              aria-selected={false}
              className={`${styles.popoverItem} ${i === active ? styles.popoverItemActive : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => create(item.name)}
              onMouseEnter={() => setActive(i)}
              data-testid="option-create"
            >
              Create <OptionChip name={item.name} color={nextOptionColor(options.length)} />
            </div>
          ),
        )}
      </div>
    </div>
  );
}

function PersonEditor({ property, row, onDone }: CellEditorProps) {
  const { change, people } = useDatabase();
  const value = readCell(property, row);
  const chosen = Array.isArray(value) ? (value as string[]) : [];
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);
  const matches = people.filter((p) => p.name.toLocaleLowerCase().includes(query.trim().toLocaleLowerCase()));
  useEffect(() => setActive(0), [query]);
  const toggle = (id: string) => {
    const next = chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id];
    change((doc, dbId, by) => setCells(doc, dbId, row.id, { [property.id]: next }, by));
  };
  return (
    <div
      className={styles.popover}
      data-testid="person-editor"
      onKeyDown={(e) =>
        listKeys(e, matches.length, setActive, () => onDone(null), () => {
          const person = matches[active];
          if (person) toggle(person.id);
        })
      }
    >
      <input className={styles.popoverInput} autoFocus placeholder="Search people" value={query} onChange={(e) => setQuery(e.target.value)} aria-label={`${property.name}: search people`} />
      <div role="listbox" aria-label={property.name} className={styles.popoverList} ref={listRef}>
        {matches.length === 0 ? <p className={styles.popoverEmpty}>No one matches</p> : null}
        {matches.map((person, i) => (
          <div
            key={person.id}
            role="option"
            aria-selected={chosen.includes(person.id)}
            className={`${styles.popoverItem} ${i === active ? styles.popoverItemActive : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => toggle(person.id)}
            onMouseEnter={() => setActive(i)}
          >
            <span className={styles.person}>
              <span className={styles.personAvatar} style={{ background: colorFor(person.id) }} aria-hidden>
                {person.name.trim().charAt(0).toUpperCase()}
              </span>
              {person.name}
            </span>
            {chosen.includes(person.id) ? <span className={styles.tick} aria-hidden>✓</span> : null}
          </div>
        ))}
      </div>
    </div>
  );
}

// The keys of a picker's list (options, people): arrows move the highlight, Enter picks, Escape
// closes. Keys stay inside the popover (the grid would otherwise move its cell). True when handled.
function listKeys(e: KeyboardEvent, count: number, setActive: (f: (a: number) => number) => void, close: () => void, pick: () => void): boolean {
  e.stopPropagation();
  const act: Record<string, () => void> = {
    Escape: close,
    ArrowDown: () => setActive((a) => Math.min(a + 1, count - 1)),
    ArrowUp: () => setActive((a) => Math.max(a - 1, 0)),
    Enter: pick,
  };
  const run = act[e.key];
  if (!run) return false;
  e.preventDefault();
  run();
  return true;
}
