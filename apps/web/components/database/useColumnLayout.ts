'use client';

import { type CSSProperties, type DragEvent, useCallback, useMemo, useState, useSyncExternalStore } from 'react';
import { DatabaseLimits, type Property, PropertyType, type View } from '@tandem/database';
import { withColumnMoved, withWidth } from '@/lib/database/views';
import { useDatabase } from './DatabaseContext';
import { useTouchDrag } from './useTouchDrag';
import styles from './database.module.css';

// The row gutter: a drag handle and a checkbox.
export const GUTTER = 52;
// Phones get narrower default columns, so the title and the next property fit side by side.
const defaultWidth = (p: Property, narrow: boolean) => (p.type === PropertyType.Title ? (narrow ? 170 : 280) : p.type === PropertyType.Checkbox ? 110 : narrow ? 140 : 180);
const NARROW = '(max-width: 760px)';
const subscribeNarrow = (change: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', change);
  return () => query.removeEventListener('change', change);
};

export interface DropAt {
  id: string;
  side: 'before' | 'after';
}

// Before or after the element under the pointer, by which half of it the pointer is in.
export function sideOf(e: DragEvent<HTMLElement>, axis: 'x' | 'y'): 'before' | 'after' {
  return sideAt(e.currentTarget, e.clientX, e.clientY, axis);
}

export function sideAt(el: Element, x: number, y: number, axis: 'x' | 'y'): 'before' | 'after' {
  const rect = el.getBoundingClientRect();
  const before = axis === 'x' ? x < rect.left + rect.width / 2 : y < rect.top + rect.height / 2;
  return before ? 'before' : 'after';
}

// Where a header sits in its table and what it can do there: the shown columns (for "Move
// left/right" and "Freeze up to this column"), its sticky offset when frozen, its width drag, and
// the drag that reorders columns. The table owns the state; the header draws it.
export interface ColumnPlace {
  index: number;
  columns: readonly string[];
  width: number;
  className: string;
  style?: CSSProperties;
  dropSide: 'before' | 'after' | null;
  onPreviewWidth: (width: number | null) => void;
  onCommitWidth: (width: number | null) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
  onDragOver: (e: DragEvent<HTMLDivElement>) => void;
  onDrop: (e: DragEvent<HTMLDivElement>) => void;
  // The header's touch drag (a still press, then move): phones have no HTML drag and drop.
  touchRef: (el: HTMLElement | null) => (() => void) | undefined;
}

export interface Sticky {
  className: string;
  style?: CSSProperties;
}

// How a table's columns are laid out and arranged: widths (the view's, or one being dragged,
// drawn here only until the drag ends), the grid template, which columns are frozen (sticky at the
// sum of the widths before them, the gutter with them), and each header's resize and reorder drags.
export function useColumnLayout(view: View, columns: Property[]) {
  const { editView } = useDatabase();
  const [widthPreview, setWidthPreview] = useState<{ id: string; width: number } | null>(null);
  const [columnDrag, setColumnDrag] = useState<string | null>(null);
  const [columnDrop, setColumnDrop] = useState<DropAt | null>(null);
  const narrow = useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW).matches, () => false);
  const saved = useMemo(() => columns.map((p) => view.properties.find((v) => v.id === p.id)?.width ?? defaultWidth(p, narrow)), [columns, view.properties, narrow]);
  const widths = useMemo(() => {
    if (!widthPreview) return saved;
    const { min, max } = DatabaseLimits.columnWidth;
    return columns.map((p, i) => (p.id === widthPreview.id ? Math.max(min, Math.min(max, widthPreview.width)) : saved[i]!));
  }, [columns, saved, widthPreview]);
  const template = `${GUTTER}px ${widths.map((w) => `${w}px`).join(' ')} minmax(120px, 1fr)`;
  const columnIds = useMemo(() => columns.map((p) => p.id), [columns]);
  const frozen = Math.min(view.frozenColumns ?? 0, columns.length);
  const sticky = useCallback(
    (col: number): Sticky => {
      if (col >= frozen) return { className: '' };
      const left = GUTTER + widths.slice(0, col).reduce((a, b) => a + b, 0);
      return { className: `${styles.frozen} ${col === frozen - 1 ? styles.frozenLast : ''}`, style: { left } };
    },
    [frozen, widths],
  );
  const gutter: Sticky = frozen > 0 ? { className: `${styles.gutter} ${styles.frozen}`, style: { left: 0 } } : { className: `${styles.gutter}` };

  const dropColumn = (target: DropAt) => {
    const moving = columnDrag;
    setColumnDrag(null);
    setColumnDrop(null);
    if (moving && moving !== target.id) editView(view.id, (v, schema) => withColumnMoved(v, schema, moving, target.id, target.side));
  };

  // By touch: the header under the finger, by its data-column-id.
  const columnAt = (under: Element | null, x: number): DropAt | null => {
    const header = under?.closest<HTMLElement>('[data-column-id]');
    return header?.dataset.columnId ? { id: header.dataset.columnId, side: sideAt(header, x, 0, 'x') } : null;
  };
  const touchRef = useTouchDrag(
    {
      onStart: setColumnDrag,
      onOver: (under, x) => {
        const at = columnAt(under, x);
        if (at && (columnDrop?.id !== at.id || columnDrop.side !== at.side)) setColumnDrop(at);
      },
      onDrop: (under, x) => {
        const at = columnAt(under, x);
        if (at) dropColumn(at);
        else {
          setColumnDrag(null);
          setColumnDrop(null);
        }
      },
      onCancel: () => (setColumnDrag(null), setColumnDrop(null)),
    },
    true,
  );

  const placeOf = (property: Property, col: number): ColumnPlace => {
    const at = sticky(col);
    return {
      index: col,
      columns: columnIds,
      width: widths[col]!,
      className: at.className,
      style: at.style,
      dropSide: columnDrag && columnDrop?.id === property.id && columnDrag !== property.id ? columnDrop.side : null,
      onPreviewWidth: (width) => setWidthPreview(width === null ? null : { id: property.id, width }),
      onCommitWidth: (width) => {
        setWidthPreview(null);
        editView(view.id, (v, schema) => withWidth(v, schema, property.id, width));
      },
      onDragStart: () => setColumnDrag(property.id),
      onDragEnd: () => (setColumnDrag(null), setColumnDrop(null)),
      onDragOver: (e) => {
        if (!columnDrag) return;
        e.preventDefault();
        const side = sideOf(e, 'x');
        if (columnDrop?.id !== property.id || columnDrop.side !== side) setColumnDrop({ id: property.id, side });
      },
      onDrop: (e) => {
        if (!columnDrag) return;
        e.preventDefault();
        dropColumn({ id: property.id, side: sideOf(e, 'x') });
      },
      touchRef: touchRef(property.id),
    };
  };

  return { template, sticky, gutter, placeOf };
}
