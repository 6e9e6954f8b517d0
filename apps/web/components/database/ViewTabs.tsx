'use client';

import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { type DatabaseSchema, PropertyType, type View, type ViewLayout } from '@tandem/database';
import { addProperty, addView, deleteView, readSchema } from '@tandem/database/ydoc';
import { freeName, newShortId, propertyOfType } from '@/lib/database/model';
import { boardGroupCandidates, newView } from '@/lib/database/views';
import { Icon } from '@/components/ui/Icon';
import { viewCsvUrl } from '@/lib/api/databases';
import { CsvMergeDialog } from './CsvMergeDialog';
import { useDatabase } from './DatabaseContext';
import { EditorPopover } from './EditorPopover';
import styles from './database.module.css';

const LAYOUTS: { layout: ViewLayout; label: string; glyph: string }[] = [
  { layout: 'table', label: 'Table', glyph: '▤' },
  { layout: 'board', label: 'Board', glyph: '▥' },
  { layout: 'list', label: 'List', glyph: '☰' },
  { layout: 'calendar', label: 'Calendar', glyph: '▦' },
  { layout: 'gallery', label: 'Gallery', glyph: '▩' },
];
export const LAYOUT_GLYPHS: Record<ViewLayout, string> = { table: '▤', board: '▥', list: '☰', calendar: '▦', gallery: '▩' };

// The views of the database as tabs: switch (the choice is this person's), add, rename, delete
// (shared with everyone, like Notion's), export as CSV (anyone who can read).
export function ViewTabs({ views, current, schema, onSwitch }: { views: View[]; current: View; schema: DatabaseSchema; onSwitch: (id: string) => void }) {
  const { change, editable, workspaceId, databaseId } = useDatabase();
  // Exporting needs a session (a public link's reader has no workspace here).
  const hasMenu = editable || workspaceId !== undefined;
  const [adding, setAdding] = useState(false);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const addRef = useRef<HTMLButtonElement>(null);
  const tabRefs = useRef(new Map<string, HTMLButtonElement>());

  const add = (layout: ViewLayout, label: string) => {
    const id = newShortId();
    const ok = change((doc, dbId) =>
      doc.transact(() => {
        // A board needs something to group by: give the database a Status when it has nothing fit.
        if (layout === 'board' && boardGroupCandidates(readSchema(doc, dbId)).length === 0) {
          addProperty(doc, dbId, propertyOfType(PropertyType.Status, newShortId(), freeName(readSchema(doc, dbId), 'Status')));
        }
        // A calendar places rows by a date: give the database one when it has none.
        if (layout === 'calendar' && !readSchema(doc, dbId).properties.some((p) => p.type === PropertyType.Date)) {
          addProperty(doc, dbId, propertyOfType(PropertyType.Date, newShortId(), freeName(readSchema(doc, dbId), 'Date')));
        }
        const schema = readSchema(doc, dbId);
        addView(doc, dbId, newView(id, layout, freeViewName(views, label), schema));
      }),
    );
    setAdding(false);
    if (ok) onSwitch(id);
  };

  return (
    <div className={styles.viewTabs} role="tablist" aria-label="Views" data-testid="view-tabs">
      {views.map((view) => (
        <div key={view.id} className={styles.viewTabWrap}>
          <button
            ref={(el) => {
              if (el) tabRefs.current.set(view.id, el);
              else tabRefs.current.delete(view.id);
            }}
            type="button"
            role="tab"
            aria-selected={view.id === current.id}
            className={`${styles.viewTab} ${view.id === current.id ? styles.viewTabActive : ''}`}
            onClick={() => (view.id === current.id && hasMenu ? setMenuFor(view.id) : onSwitch(view.id))}
            onContextMenu={(e) => {
              if (!editable) return;
              e.preventDefault();
              setMenuFor(view.id);
            }}
            data-testid="view-tab"
          >
            <span aria-hidden>{LAYOUT_GLYPHS[view.layout]}</span> {view.name}
          </button>
          {menuFor === view.id ? (
            <EditorPopover anchor={tabRefs.current.get(view.id) ?? null} onClose={() => setMenuFor(null)} below minWidth={240}>
              <ViewMenu
                schema={schema}
                view={view}
                canDelete={views.length > 1}
                onClose={() => setMenuFor(null)}
                onDeleted={() => onSwitch(views.find((v) => v.id !== view.id)!.id)}
                onMerge={() => setMerging(true)}
              />
            </EditorPopover>
          ) : null}
        </div>
      ))}
      {editable ? (
        <>
          <button ref={addRef} type="button" className={styles.iconButton} aria-label="Add a view" title="Add a view" onClick={() => setAdding(!adding)} data-testid="add-view">
            <Icon name="plus" size={14} />
          </button>
          {adding ? (
            <EditorPopover anchor={addRef.current} onClose={() => setAdding(false)} below minWidth={200}>
              <div className={styles.popover} role="menu" aria-label="New view">
                {LAYOUTS.map((l) => (
                  <button key={l.layout} type="button" role="menuitem" className={styles.menuItem} onClick={() => add(l.layout, l.label)} data-testid={`add-view-${l.layout}`}>
                    <span aria-hidden>{l.glyph}</span> {l.label}
                  </button>
                ))}
              </div>
            </EditorPopover>
          ) : null}
        </>
      ) : null}
      {merging ? createPortal(<CsvMergeDialog databaseId={databaseId} schema={schema} onClose={() => setMerging(false)} />, document.body) : null}
    </div>
  );
}

function freeViewName(views: View[], base: string): string {
  const taken = new Set(views.map((v) => v.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

// Readers get the export only; the rest changes the view (for everyone) or the database's rows.
function ViewMenu({
  schema,
  view,
  canDelete,
  onClose,
  onDeleted,
  onMerge,
}: {
  schema: DatabaseSchema;
  view: View;
  canDelete: boolean;
  onClose: () => void;
  onDeleted: () => void;
  onMerge: () => void;
}) {
  const { change, saveView, editable, databaseId } = useDatabase();
  const [name, setName] = useState(view.name);
  const rename = () => {
    const trimmed = name.trim();
    if (trimmed && trimmed !== view.name) saveView({ ...view, name: trimmed });
  };
  // The server's export: filter, sorts and visible columns as saved, dates in this browser's zone.
  const exportItem = (
    <a className={styles.menuItem} href={viewCsvUrl(databaseId, view.id)} download onClick={onClose} data-testid="export-view-csv">
      <Icon name="download" size={14} /> Export view as CSV
    </a>
  );
  if (!editable) {
    return (
      <div className={styles.popover} data-testid="view-menu">
        {exportItem}
      </div>
    );
  }
  return (
    <div className={styles.popover} data-testid="view-menu">
      <input
        className={styles.popoverInput}
        aria-label="View name"
        value={name}
        autoFocus
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        onBlur={rename}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            rename();
            onClose();
          }
        }}
        data-testid="view-name"
      />
      {view.layout === 'board' ? (
        <label className={styles.popoverRow}>
          <span>Group by</span>
          <select
            className={styles.popoverSelect}
            value={view.groupBy?.property ?? ''}
            onChange={(e) => saveView({ ...view, groupBy: { property: e.target.value } })}
            data-testid="view-group-by"
          >
            {boardGroupCandidates(schema).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {view.layout === 'calendar' ? (
        <label className={styles.popoverRow}>
          <span>Date</span>
          <select className={styles.popoverSelect} value={view.calendarBy ?? ''} onChange={(e) => saveView({ ...view, calendarBy: e.target.value })} data-testid="view-calendar-by">
            {schema.properties
              .filter((p) => p.type === PropertyType.Date || p.type === PropertyType.CreatedTime || p.type === PropertyType.LastEditedTime)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
      ) : null}
      {view.layout === 'gallery' ? (
        <>
          <label className={styles.popoverRow}>
            <span>Card size</span>
            <select className={styles.popoverSelect} value={view.cardSize ?? 'medium'} onChange={(e) => saveView({ ...view, cardSize: e.target.value as NonNullable<View['cardSize']> })} data-testid="view-card-size">
              <option value="small">Small</option>
              <option value="medium">Medium</option>
              <option value="large">Large</option>
            </select>
          </label>
          <label className={styles.popoverRow}>
            <span>Card cover</span>
            <select className={styles.popoverSelect} value={view.cardCover ?? 'none'} onChange={(e) => saveView({ ...view, cardCover: e.target.value as NonNullable<View['cardCover']> })} data-testid="view-card-cover">
              <option value="none">None</option>
              <option value="page_image">Page’s first image</option>
            </select>
          </label>
        </>
      ) : null}
      {exportItem}
      <button
        type="button"
        className={styles.menuItem}
        onClick={() => {
          onMerge();
          onClose();
        }}
        data-testid="merge-csv"
      >
        <Icon name="upload" size={14} /> Merge with CSV
      </button>
      <button
        type="button"
        className={`${styles.menuItem} ${styles.menuDanger}`}
        disabled={!canDelete}
        title={canDelete ? undefined : 'A database keeps at least one view'}
        onClick={() => {
          if (change((doc) => deleteView(doc, view.id))) onDeleted();
          onClose();
        }}
        data-testid="delete-view"
      >
        <Icon name="trash" size={14} /> Delete view
      </button>
    </div>
  );
}
