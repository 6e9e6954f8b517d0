'use client';

import { useMemo, useRef, useState } from 'react';
import {
  NUMBER_FORMATS,
  OPTION_COLORS,
  type OptionColor,
  type Property,
  PropertyType,
  retypeProperty,
  type RetypeResult,
  STATUS_GROUPS,
  type View,
} from '@tandem/database';
import { addProperty, deleteProperty, readRows, readSchema, readViews, updateProperty, updateView } from '@tandem/database/ydoc';
import { EDITABLE_TYPES, type EditableType, freeName, newShortId, propertyOfType, TYPE_LABELS, viewerContext } from '@/lib/database/model';
import { cleanView, columnStep, schemaWithout, withColumnMoved, withVisibility } from '@/lib/database/views';
import { Icon } from '@/components/ui/Icon';
import { useDatabase } from './DatabaseContext';
import { ColumnResizer } from './ColumnResizer';
import type { ColumnPlace } from './useColumnLayout';
import { EditorPopover } from './EditorPopover';
import { newRollup, RelationPicker, RelationSettings, RollupSettings } from './RelationSettings';
import { useToast } from '@/components/ui/Toast';
import styles from './database.module.css';

// A column header: the property's name, and on click its menu (rename, type, options, sort, move,
// freeze, hide, delete). Everything it changes is one Yjs transaction through @tandem/database/ydoc.
export function PropertyHeader({ property, view, place }: { property: Property; view: View; place: ColumnPlace }) {
  const { editable } = useDatabase();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  const drop = place.dropSide === 'before' ? styles.dropBefore : place.dropSide === 'after' ? styles.dropAfter : '';
  return (
    <div className={`${styles.headerCell} ${place.className} ${drop}`} style={place.style} role="columnheader" aria-label={property.name} data-column-id={property.id} onDragOver={place.onDragOver} onDrop={place.onDrop}>
      <button
        type="button"
        className={styles.headerButton}
        onClick={() => setOpen(!open)}
        draggable={editable}
        ref={(el) => {
          ref.current = el;
          return editable ? place.touchRef(el) : undefined;
        }}
        onDragStart={(e) => {
          e.dataTransfer.setData('text/plain', property.name);
          e.dataTransfer.effectAllowed = 'move';
          place.onDragStart();
        }}
        onDragEnd={place.onDragEnd}
        data-testid="column-header"
        data-property={property.name}
        aria-haspopup="dialog"
        aria-expanded={open}
      >
        <span className={styles.typeGlyph} aria-hidden>
          {TYPE_GLYPHS[property.type]}
        </span>
        <span className={styles.headerName}>{property.name}</span>
      </button>
      {editable ? <ColumnResizer width={place.width} onPreview={place.onPreviewWidth} onCommit={place.onCommitWidth} name={property.name} /> : null}
      {open ? (
        <EditorPopover anchor={ref.current} onClose={() => setOpen(false)} below minWidth={280}>
          <PropertyMenu property={property} view={view} place={place} onClose={() => setOpen(false)} />
        </EditorPopover>
      ) : null}
    </div>
  );
}

export const TYPE_GLYPHS: Record<Property['type'], string> = {
  title: 'Aa',
  text: '≡',
  number: '#',
  select: '▾',
  multi_select: '☰',
  status: '◔',
  date: '▦',
  person: '◉',
  checkbox: '☑',
  url: '⌁',
  email: '@',
  phone: '✆',
  created_time: '◷',
  created_by: '◉',
  last_edited_time: '◷',
  last_edited_by: '◉',
  relation: '↗',
  rollup: 'Σ',
  formula: 'ƒ',
};

function PropertyMenu({ property, view, place, onClose }: { property: Property; view: View; place: ColumnPlace; onClose: () => void }) {
  const { change, saveView, editView, editable, userId, personName } = useDatabase();
  const step = (direction: -1 | 1) => columnStep(place.columns, property.id, direction);
  const move = (direction: -1 | 1) => {
    const to = step(direction);
    if (to) editView(view.id, (v, schema) => withColumnMoved(v, schema, property.id, to.targetId, to.side));
  };
  const frozen = view.frozenColumns ?? 0;
  // The schema allows three frozen columns: more would leave a phone no room to scroll.
  const canFreeze = place.index < 3 && frozen !== place.index + 1;
  const [name, setName] = useState(property.name);
  const [preview, setPreview] = useState<{ result: RetypeResult; type: EditableType } | null>(null);
  const isTitle = property.type === PropertyType.Title;
  const save = (next: Property) => change((doc, id) => updateProperty(doc, id, next));
  const rename = () => {
    const trimmed = name.trim();
    if (trimmed && trimmed !== property.name) save({ ...property, name: trimmed } as Property);
  };
  const setView = saveView;

  const askRetype = (type: EditableType) => {
    change((doc, id) => {
      const schema = readSchema(doc, id);
      const rows = readRows(doc);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const source = { schema: (d: string) => (d === id ? schema : undefined), row: (d: string, r: string) => (d === id ? byId.get(r) : undefined) };
      const result = retypeProperty({ databaseId: id, schema, rows, source, context: viewerContext(userId, personName) }, property, propertyOfType(type, property.id, property.name, property));
      // Nothing lost: apply at once; otherwise show what will change first.
      if (result.losses.length === 0) updateProperty(doc, id, result.property, result.values);
      else setPreview({ result, type });
    });
  };
  const applyRetype = () => {
    if (!preview) return;
    change((doc, id, by) => updateProperty(doc, id, preview.result.property, preview.result.values, by));
    setPreview(null);
  };

  if (preview) {
    const { losses } = preview.result;
    return (
      <div className={styles.popover} data-testid="retype-preview">
        <p className={styles.popoverTitle}>
          Change {property.name} to {TYPE_LABELS[preview.type]}?
        </p>
        <p className={styles.popoverHint}>{losses.length === 1 ? '1 value will change:' : `${losses.length.toLocaleString()} values will change:`}</p>
        <ul className={styles.lossList}>
          {losses.slice(0, 6).map((loss) => (
            <li key={loss.rowId}>
              <span className={styles.lossBefore}>{loss.before || '—'}</span> → {loss.after || <em>empty</em>} <span className={styles.popoverHint}>({loss.reason})</span>
            </li>
          ))}
          {losses.length > 6 ? <li className={styles.popoverHint}>and {losses.length - 6} more</li> : null}
        </ul>
        <div className={styles.popoverActions}>
          <button type="button" className={styles.linkButton} onClick={() => setPreview(null)}>
            Cancel
          </button>
          <button type="button" className={styles.primaryButton} onClick={applyRetype} data-testid="retype-confirm">
            Change type
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className={styles.popover} data-testid="property-menu">
      <input
        className={styles.popoverInput}
        aria-label="Property name"
        value={name}
        disabled={!editable}
        autoFocus={editable}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        onBlur={rename}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            rename();
            onClose();
          }
        }}
        data-testid="property-name"
      />
      {editable && !isTitle ? (
        <label className={styles.popoverRow}>
          <span>Type</span>
          <select className={styles.popoverSelect} value={property.type} onChange={(e) => askRetype(e.target.value as EditableType)} data-testid="property-type">
            {!EDITABLE_TYPES.includes(property.type as EditableType) ? <option value={property.type}>{TYPE_LABELS[property.type]}</option> : null}
            {EDITABLE_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {editable ? <PropertySettings property={property} save={save} /> : null}
      <div className={styles.menuSeparator} />
      <button type="button" className={styles.menuItem} onClick={() => (setView({ ...view, sorts: [{ property: property.id, direction: 'ascending' }] }), onClose())} disabled={!editable}>
        ↑ Sort ascending
      </button>
      <button type="button" className={styles.menuItem} onClick={() => (setView({ ...view, sorts: [{ property: property.id, direction: 'descending' }] }), onClose())} disabled={!editable}>
        ↓ Sort descending
      </button>
      <button type="button" className={styles.menuItem} onClick={() => move(-1)} disabled={!editable || !step(-1)} data-testid="move-left">
        ← Move left
      </button>
      <button type="button" className={styles.menuItem} onClick={() => move(1)} disabled={!editable || !step(1)} data-testid="move-right">
        → Move right
      </button>
      {canFreeze ? (
        <button type="button" className={styles.menuItem} onClick={() => (editView(view.id, (v) => ({ ...v, frozenColumns: place.index + 1 })), onClose())} disabled={!editable} data-testid="freeze-columns">
          Freeze up to this column
        </button>
      ) : null}
      {frozen > 0 && place.index < frozen ? (
        <button type="button" className={styles.menuItem} onClick={() => (editView(view.id, (v) => ({ ...v, frozenColumns: 0 })), onClose())} disabled={!editable} data-testid="unfreeze-columns">
          Unfreeze
        </button>
      ) : null}
      {!isTitle ? (
        <button type="button" className={styles.menuItem} onClick={() => change((doc, id) => updateView(doc, id, cleanView(withVisibility(view, readSchema(doc, id), property.id, false), readSchema(doc, id))))} disabled={!editable} data-testid="hide-property">
          Hide in view
        </button>
      ) : null}
      {!isTitle && editable ? (
        <button
          type="button"
          className={`${styles.menuItem} ${styles.menuDanger}`}
          onClick={() => {
            if (!window.confirm(`Delete the property “${property.name}” and its values in every row?`)) return;
            // Views that use it are cleaned in the same change, so each stays valid.
            change((doc, id) =>
              doc.transact(() => {
                const after = schemaWithout(readSchema(doc, id), property.id);
                for (const v of readViews(doc)) {
                  const cleaned = cleanView(v, after);
                  if (JSON.stringify(cleaned) !== JSON.stringify(v)) updateView(doc, id, cleaned);
                }
                deleteProperty(doc, id, property.id);
              }),
            );
          }}
          data-testid="delete-property"
        >
          <Icon name="trash" size={14} /> Delete property
        </button>
      ) : null}
    </div>
  );
}

// Per-type settings: options and their colours, number format, date time, formula expression.
function PropertySettings({ property, save }: { property: Property; save: (p: Property) => void }) {
  const [expression, setExpression] = useState(property.type === PropertyType.Formula ? property.expression : '');
  switch (property.type) {
    case PropertyType.Number:
      return (
        <label className={styles.popoverRow}>
          <span>Format</span>
          <select className={styles.popoverSelect} value={property.format} onChange={(e) => save({ ...property, format: e.target.value as (typeof NUMBER_FORMATS)[number] })}>
            {NUMBER_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f === 'plain' ? 'Number' : f === 'percent' ? 'Percent' : 'Currency'}
              </option>
            ))}
          </select>
        </label>
      );
    case PropertyType.Date:
      return (
        <>
          <label className={styles.popoverRow}>
            <span>Include time</span>
            <input type="checkbox" checked={property.includeTime} onChange={(e) => save({ ...property, includeTime: e.target.checked })} />
          </label>
          <label className={styles.popoverRow}>
            <span>End date</span>
            <input type="checkbox" checked={property.includeEnd} onChange={(e) => save({ ...property, includeEnd: e.target.checked })} />
          </label>
        </>
      );
    case PropertyType.Formula:
      return (
        <label className={styles.popoverColumn}>
          <span>Formula</span>
          <input
            className={styles.popoverInput}
            value={expression}
            placeholder='prop("Points") * 2'
            onChange={(e) => setExpression(e.target.value)}
            onBlur={() => expression !== property.expression && save({ ...property, expression })}
            onKeyDown={(e) => e.key === 'Enter' && expression !== property.expression && save({ ...property, expression })}
          />
        </label>
      );
    case PropertyType.Select:
    case PropertyType.MultiSelect:
    case PropertyType.Status:
      return <OptionsEditor property={property} save={save} />;
    case PropertyType.Relation:
      return <RelationSettings property={property} />;
    case PropertyType.Rollup:
      return <RollupSettings property={property} save={save} />;
    default:
      return null;
  }
}

function OptionsEditor({ property, save }: { property: Extract<Property, { type: 'select' | 'multi_select' | 'status' }>; save: (p: Property) => void }) {
  const options = property.options as { id: string; name: string; color: OptionColor; group?: (typeof STATUS_GROUPS)[number] }[];
  const update = (id: string, patch: Partial<{ name: string; color: OptionColor; group: (typeof STATUS_GROUPS)[number] }>) =>
    save({ ...property, options: options.map((o) => (o.id === id ? { ...o, ...patch } : o)) } as Property);
  const remove = (id: string) => save({ ...property, options: options.filter((o) => o.id !== id) } as Property);
  return (
    <div className={styles.optionsEditor} data-testid="options-editor">
      <span className={styles.popoverHint}>Options</span>
      {options.map((o) => (
        <div key={o.id} className={styles.optionRow}>
          <span className={styles.colorDot} style={{ background: o.color === 'default' ? 'var(--bg-active)' : `var(--tandem-text-${o.color})` }} aria-hidden />
          <OptionName name={o.name} onSave={(name) => update(o.id, { name })} />
          <select className={styles.popoverSelect} aria-label={`Colour of ${o.name}`} value={o.color} onChange={(e) => update(o.id, { color: e.target.value as OptionColor })}>
            {OPTION_COLORS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {property.type === PropertyType.Status ? (
            <select className={styles.popoverSelect} aria-label={`Group of ${o.name}`} value={o.group} onChange={(e) => update(o.id, { group: e.target.value as (typeof STATUS_GROUPS)[number] })}>
              {STATUS_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {g === 'todo' ? 'To-do' : g === 'in_progress' ? 'In progress' : 'Done'}
                </option>
              ))}
            </select>
          ) : null}
          <button type="button" className={styles.iconButton} aria-label={`Delete option ${o.name}`} onClick={() => remove(o.id)}>
            <Icon name="close" size={12} />
          </button>
        </div>
      ))}
    </div>
  );
}

function OptionName({ name, onSave }: { name: string; onSave: (name: string) => void }) {
  const [value, setValue] = useState(name);
  const commit = () => {
    const trimmed = value.trim();
    if (trimmed && trimmed !== name) onSave(trimmed);
    else setValue(name);
  };
  return <input className={styles.optionName} value={value} aria-label="Option name" onChange={(e) => setValue(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />;
}

// "+" at the end of the header: pick a type, get a property named after it. A relation first asks
// for its database; a rollup starts as a count over the first relation.
export function AddPropertyButton() {
  const { change, related, databaseId } = useDatabase();
  const toast = useToast();
  const [open, setOpen] = useState<false | 'types' | 'relation'>(false);
  const ref = useRef<HTMLButtonElement>(null);
  const types = useMemo(() => EDITABLE_TYPES, []);
  const addRollup = () => {
    change((doc, id) => {
      const schema = readSchema(doc, id);
      const rollup = newRollup(schema, databaseId, related.getSnapshot(), newShortId(), freeName(schema, 'Rollup'));
      if (typeof rollup === 'string') toast(rollup, 'error');
      else addProperty(doc, id, rollup);
    });
    setOpen(false);
  };
  return (
    <>
      <button ref={ref} type="button" className={styles.addProperty} aria-label="Add a property" title="Add a property" onClick={() => setOpen(open ? false : 'types')} data-testid="add-property">
        <Icon name="plus" size={14} />
      </button>
      {open === 'relation' ? (
        <EditorPopover anchor={ref.current} onClose={() => setOpen(false)} below minWidth={320}>
          <RelationPicker onDone={() => setOpen(false)} />
        </EditorPopover>
      ) : open ? (
        <EditorPopover anchor={ref.current} onClose={() => setOpen(false)} below minWidth={220}>
          <div className={styles.popover} role="menu" aria-label="Property type" data-testid="add-property-menu">
            {types.map((type) => (
              <button
                key={type}
                type="button"
                role="menuitem"
                className={styles.menuItem}
                onClick={() => {
                  change((doc, id) => addProperty(doc, id, propertyOfType(type, newShortId(), freeName(readSchema(doc, id), TYPE_LABELS[type]))));
                  setOpen(false);
                }}
              >
                <span className={styles.typeGlyph} aria-hidden>
                  {TYPE_GLYPHS[type]}
                </span>
                {TYPE_LABELS[type]}
              </button>
            ))}
            <div className={styles.menuSeparator} />
            <button type="button" role="menuitem" className={styles.menuItem} onClick={() => setOpen('relation')}>
              <span className={styles.typeGlyph} aria-hidden>
                {TYPE_GLYPHS.relation}
              </span>
              {TYPE_LABELS.relation}
            </button>
            <button type="button" role="menuitem" className={styles.menuItem} onClick={addRollup}>
              <span className={styles.typeGlyph} aria-hidden>
                {TYPE_GLYPHS.rollup}
              </span>
              {TYPE_LABELS.rollup}
            </button>
          </div>
        </EditorPopover>
      ) : null}
    </>
  );
}
