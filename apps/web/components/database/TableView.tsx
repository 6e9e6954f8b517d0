'use client';

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { COMPUTED_TYPES, emptyValue, isStoredType, type FilterScope, type Property, PropertyType, readCell, type Row, type View } from '@tandem/database';
import { addRows, setCells } from '@tandem/database/ydoc';
import { moveInGrid, visibleRange, type CellPosition } from '@/lib/database/grid';
import { newRowId } from '@/lib/database/model';
import { Icon } from '@/components/ui/Icon';
import { CellEditor, type EditExit } from './CellEditor';
import { CellView } from './CellView';
import { useDatabase } from './DatabaseContext';
import { useCellPresence } from './useCellPresence';
import { EditorPopover } from './EditorPopover';
import { AddPropertyButton, PropertyHeader } from './PropertyHeader';
import { useColumnLayout } from './useColumnLayout';
import { useRowDrag } from './useRowDrag';
import { useRowSelection } from './useRowSelection';
import { SummaryRow } from './SummaryRow';
import styles from './database.module.css';

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 34;
// The summary row under the columns (sticky at the bottom, so rows end above it).
const FOOTER_HEIGHT = 34;
const POPOVER_TYPES: ReadonlySet<string> = new Set([PropertyType.Select, PropertyType.MultiSelect, PropertyType.Status, PropertyType.Person, PropertyType.Date, PropertyType.Relation]);

const TYPE_TO_EDIT: ReadonlySet<string> = new Set([
  PropertyType.Title,
  PropertyType.Text,
  PropertyType.Number,
  PropertyType.Url,
  PropertyType.Email,
  PropertyType.Phone,
  PropertyType.Select,
  PropertyType.MultiSelect,
  PropertyType.Status,
]);

interface Editing extends CellPosition {
  initialText?: string;
}

// The table layout: one row per database row, one column per visible property. Rows are drawn only
// where they are in view (fixed row height), so 10,000 rows scroll like 10. Keyboard as a
// spreadsheet: arrows move, Enter or typing edits, Esc stops, Delete clears. Columns resize, reorder
// and freeze (sticky cells, so virtualization is untouched); rows are selected in the gutter
// (shift-click for a range), dragged by their handle when the view has no sort, and summarised in
// a sticky footer.
export function TableView({ view, rows, columns, scope, onNewRow }: { view: View; rows: Row[]; columns: Property[]; scope: FilterScope; onNewRow: () => string | null }) {
  const { change, editable, openRow, awareness } = useDatabase();
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActive] = useState<CellPosition | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const cellRefs = useRef(new Map<string, HTMLDivElement>());
  const activeRow = active ? rows[active.row] : undefined;
  const activeProperty = active ? columns[active.col] : undefined;
  const remote = useCellPresence(awareness ?? null, activeRow && activeProperty ? { rowId: activeRow.id, propertyId: activeProperty.id } : null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const { start, end } = visibleRange(scrollTop, viewport - HEADER_HEIGHT - FOOTER_HEIGHT, ROW_HEIGHT, rows.length);
  const rowIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const { template, sticky, gutter, placeOf } = useColumnLayout(view, columns);
  const { rowProps, handleProps } = useRowDrag(rowIds);
  const { selected, allSelected, toggle, toggleAll, clear, deleteSelected } = useRowSelection(rowIds);
  const canDragRows = editable && view.sorts.length === 0;

  // Keep the active cell in view (keyboard movement past the edge scrolls).
  const reveal = useCallback(
    (row: number) => {
      const el = scroller.current;
      if (!el) return;
      const top = row * ROW_HEIGHT;
      const room = el.clientHeight - HEADER_HEIGHT - FOOTER_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + room) el.scrollTop = top + ROW_HEIGHT - room;
    },
    [],
  );

  const focusGrid = () => scroller.current?.focus({ preventScroll: true });

  const moveTo = (next: CellPosition) => {
    setActive(next);
    reveal(next.row);
  };

  const startEdit = (at: CellPosition, initialText?: string) => {
    const property = columns[at.col];
    const row = rows[at.row];
    if (!editable || !property || !row || COMPUTED_TYPES.has(property.type)) return;
    if (property.type === PropertyType.Checkbox) {
      change((doc, id, by) => setCells(doc, id, row.id, { [property.id]: readCell(property, row) !== true }, by));
      return;
    }
    setActive(at);
    setEditing({ ...at, initialText });
  };

  const endEdit = useCallback(
    (exit: EditExit) => {
      setEditing((current) => {
        if (current) {
          const next = exit === 'down' ? { row: current.row + 1, col: current.col } : exit === 'right' ? { row: current.row, col: current.col + 1 } : exit === 'left' ? { row: current.row, col: current.col - 1 } : current;
          const bounded = { row: Math.min(next.row, rows.length - 1), col: Math.max(0, Math.min(next.col, columns.length - 1)) };
          setActive(bounded);
          reveal(bounded.row);
        }
        return null;
      });
      // Back to the grid at once (not on the next frame), so the next key a fast typist presses
      // already moves or edits; the editor's blur finds its edit done and writes nothing twice.
      focusGrid();
    },
    [rows.length, columns.length, reveal],
  );

  const clearCell = (at: CellPosition) => {
    const property = columns[at.col];
    const row = rows[at.row];
    if (!property || !row || !isStoredType(property.type) || COMPUTED_TYPES.has(property.type)) return;
    change((doc, id, by) => setCells(doc, id, row.id, { [property.id]: emptyValue(property.type as never) }, by));
  };


  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing || e.target !== e.currentTarget) return;
    if (e.key === 'Escape') {
      clear();
      return;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && selected.size > 0) {
      e.preventDefault();
      deleteSelected();
      return;
    }
    const at = active ?? { row: 0, col: 0 };
    const page = Math.max(1, Math.floor((viewport - HEADER_HEIGHT - FOOTER_HEIGHT) / ROW_HEIGHT) - 1);
    const next = moveInGrid(at, { key: e.key, shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey }, { rows: rows.length, cols: columns.length, page });
    if (next) {
      e.preventDefault();
      moveTo(next);
      return;
    }
    if (!active) return;
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && openRow && rows[active.row]) openRow(rows[active.row]!.id);
      else startEdit(active);
    } else if (e.key === ' ' && columns[active.col]?.type === PropertyType.Checkbox) {
      e.preventDefault();
      startEdit(active);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      if (editable) clearCell(active);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const property = columns[active.col];
      // Typing starts an edit with that character, as a spreadsheet does (for options: the search).
      if (property && TYPE_TO_EDIT.has(property.type)) {
        e.preventDefault();
        startEdit(active, e.key);
      }
    }
  };

  // A new row opens its title for typing once it shows (it may land anywhere under the view's sorts).
  const [pendingRow, setPendingRow] = useState<string | null>(null);
  useEffect(() => {
    if (!pendingRow) return;
    const index = rows.findIndex((r) => r.id === pendingRow);
    if (index < 0) return;
    setPendingRow(null);
    const col = Math.max(0, columns.findIndex((p) => p.type === PropertyType.Title));
    setActive({ row: index, col });
    setEditing({ row: index, col });
    reveal(index);
  }, [rows, pendingRow, columns, reveal]);
  const addRow = () => setPendingRow(onNewRow());

  const editingProperty = editing ? columns[editing.col] : undefined;
  const editingRow = editing ? rows[editing.row] : undefined;
  const editingKey = editing && editingRow && editingProperty ? `${editingRow.id}:${editingProperty.id}` : null;

  return (
    <div className={styles.tableWrap}>
      {selected.size > 0 ? (
        <div className={styles.selectionBar} role="region" aria-label="Selected rows" data-testid="selection-bar">
          <span data-testid="selection-count">{selected.size.toLocaleString()} selected</span>
          {editable ? (
            <button type="button" className={styles.dangerButton} onClick={deleteSelected} data-testid="delete-rows">
              <Icon name="trash" size={14} /> Delete
            </button>
          ) : null}
          <button type="button" className={styles.linkButton} onClick={clear}>
            Clear
          </button>
        </div>
      ) : null}
      <div
        ref={scroller}
        className={styles.tableScroller}
        role="grid"
        aria-label={view.name}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onFocus={(e) => {
          if (e.target === e.currentTarget && !active && rows.length > 0) setActive({ row: 0, col: 0 });
        }}
        data-testid="database-table"
      >
        <div className={styles.tableHeader} role="row" style={{ gridTemplateColumns: template }}>
          <div className={gutter.className} style={gutter.style} role="columnheader" aria-label="Select">
            {editable && rows.length > 0 ? (
              <input
                type="checkbox"
                aria-label="Select all rows"
                checked={allSelected}
                onMouseDown={(e) => (e.preventDefault(), focusGrid())}
                onChange={toggleAll}
              />
            ) : null}
          </div>
          {columns.map((property, col) => (
            <PropertyHeader key={property.id} property={property} view={view} place={placeOf(property, col)} />
          ))}
          <div className={styles.headerFill} role="columnheader" aria-label="Add a property">
            {editable ? <AddPropertyButton /> : null}
          </div>
        </div>
        <div className={styles.tableBody} style={{ height: rows.length * ROW_HEIGHT }}>
          {rows.slice(start, end).map((row, i) => {
            const index = start + i;
            const isSelected = selected.has(row.id);
            const drag = rowProps(row.id);
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={index + 2}
                aria-selected={isSelected}
                className={`${styles.tableRow} ${isSelected ? styles.rowSelected : ''} ${drag.className}`}
                style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, gridTemplateColumns: template }}
                data-testid="table-row"
                data-row-id={row.id}
                onDragOver={drag.onDragOver}
                onDrop={drag.onDrop}
              >
                <div className={gutter.className} style={gutter.style} role="gridcell">
                  {canDragRows ? (
                    <span
                      className={styles.rowHandle}
                      {...handleProps(row.id)}
                      aria-hidden
                      title="Drag to move"
                      data-testid="row-handle"
                    >
                      ⠿
                    </span>
                  ) : null}
                  {editable ? (
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label="Select row"
                      checked={isSelected}
                      // The grid keeps focus, so Delete and Esc act on the selection next.
                      onMouseDown={(e) => (e.preventDefault(), focusGrid())}
                      onChange={(e) => toggle(index, (e.nativeEvent as MouseEvent).shiftKey === true)}
                    />
                  ) : null}
                </div>
                {columns.map((property, col) => {
                  const isActive = active?.row === index && active.col === col;
                  const isEditing = editing?.row === index && editing.col === col;
                  const key = `${row.id}:${property.id}`;
                  const other = remote.get(key);
                  const at = sticky(col);
                  return (
                    <div
                      key={property.id}
                      ref={(el) => {
                        if (el) cellRefs.current.set(key, el);
                        else cellRefs.current.delete(key);
                      }}
                      role="gridcell"
                      aria-colindex={col + 1}
                      aria-selected={isActive}
                      className={`${styles.cell} ${at.className} ${isActive ? styles.cellActive : ''} ${other && !isActive ? styles.cellRemote : ''} ${property.type === PropertyType.Number ? styles.cellNumber : ''}`}
                      style={other ? ({ ...at.style, '--remote': other.color } as CSSProperties) : at.style}
                      data-remote={other?.name}
                      data-testid="cell"
                      data-property={property.name}
                      onMouseDown={(e) => {
                        if (isEditing) return;
                        // Keep focus on the grid so the keyboard drives it.
                        e.preventDefault();
                        focusGrid();
                        setActive({ row: index, col });
                      }}
                      onClick={() => {
                        if (property.type === PropertyType.Checkbox) startEdit({ row: index, col });
                      }}
                      onDoubleClick={() => startEdit({ row: index, col })}
                    >
                      {isEditing && !POPOVER_TYPES.has(property.type) ? (
                        <CellEditor property={property} row={row} initialText={editing?.initialText} onDone={endEdit} />
                      ) : (
                        <CellView property={property} row={row} scope={scope} />
                      )}
                      {other ? (
                        <span className={styles.remoteName} aria-hidden>
                          {other.name}
                        </span>
                      ) : null}
                      {property.type === PropertyType.Title && openRow && !isEditing ? (
                        <button
                          type="button"
                          className={styles.openButton}
                          tabIndex={-1}
                          onMouseDown={(e) => e.stopPropagation()}
                          onClick={() => openRow(row.id)}
                          data-testid="open-row"
                        >
                          Open
                        </button>
                      ) : null}
                    </div>
                  );
                })}
                <div className={styles.cellFill} />
              </div>
            );
          })}
        </div>
        <SummaryRow view={view} rows={rows} columns={columns} scope={scope} template={template} sticky={sticky} gutter={gutter} />
      </div>
      {editing && editingProperty && editingRow && POPOVER_TYPES.has(editingProperty.type) ? (
        <EditorPopover anchor={editingKey ? (cellRefs.current.get(editingKey) ?? null) : null} onClose={() => endEdit(null)}>
          <CellEditor property={editingProperty} row={editingRow} initialText={editing.initialText} onDone={endEdit} />
        </EditorPopover>
      ) : null}
      {editable ? (
        <button type="button" className={styles.newRow} onClick={addRow} data-testid="new-row">
          <Icon name="plus" size={14} /> New
        </button>
      ) : null}
      {rows.length === 0 ? <p className={styles.empty}>No rows{view.filter ? ' match the filter' : ''}.</p> : null}
    </div>
  );
}

// Append a row (with the values the view's filters or the column imply) and return its id.
export function appendRow(change: ReturnType<typeof useDatabase>['change'], values: Record<string, unknown> = {}): string | null {
  const id = newRowId();
  return change((doc, dbId, by) => addRows(doc, dbId, [{ id, values }], by)) ? id : null;
}
