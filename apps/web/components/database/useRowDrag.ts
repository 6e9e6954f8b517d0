'use client';

import { type DragEvent, useState } from 'react';
import { moveRow } from '@tandem/database/ydoc';
import { dropNeighbours } from '@/lib/database/grid';
import { useDatabase } from './DatabaseContext';
import { type DropAt, sideAt, sideOf } from './useColumnLayout';
import { useTouchDrag } from './useTouchDrag';
import styles from './database.module.css';

// Dragging a table row by its handle to another place: one moveRow between the shown rows it is
// dropped between (only offered when the view has no sort, since a sort decides the order then).
export function useRowDrag(rowIds: readonly string[]) {
  const { change } = useDatabase();
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<DropAt | null>(null);

  const drop = (target: DropAt) => {
    const moving = dragging;
    setDragging(null);
    setOver(null);
    if (!moving) return;
    const between = dropNeighbours(rowIds, moving, target.id, target.side);
    if (between) change((doc, _id, by) => moveRow(doc, moving, between.before, between.after, by));
  };

  // The row's extra class (being dragged, or the drop line above or below it) and its drop target.
  const rowProps = (rowId: string) => ({
    className: dragging === rowId ? styles.rowDragging : dragging && over?.id === rowId ? (over.side === 'before' ? styles.rowDropBefore : styles.rowDropAfter) : '',
    onDragOver: (e: DragEvent<HTMLDivElement>) => {
      if (!dragging) return;
      e.preventDefault();
      const side = sideOf(e, 'y');
      if (over?.id !== rowId || over.side !== side) setOver({ id: rowId, side });
    },
    onDrop: (e: DragEvent<HTMLDivElement>) => {
      if (!dragging) return;
      e.preventDefault();
      drop({ id: rowId, side: sideOf(e, 'y') });
    },
  });

  // By touch: the row under the finger, by its data-row-id.
  const rowAt = (under: Element | null, y: number): DropAt | null => {
    const row = under?.closest<HTMLElement>('[data-row-id]');
    return row?.dataset.rowId ? { id: row.dataset.rowId, side: sideAt(row, 0, y, 'y') } : null;
  };
  const touchRef = useTouchDrag(
    {
      onStart: setDragging,
      onOver: (under, _x, y) => {
        const at = rowAt(under, y);
        if (at && (over?.id !== at.id || over.side !== at.side)) setOver(at);
      },
      onDrop: (under, _x, y) => {
        const at = rowAt(under, y);
        if (at) drop(at);
        else {
          setDragging(null);
          setOver(null);
        }
      },
      onCancel: () => (setDragging(null), setOver(null)),
    },
    false,
  );

  const handleProps = (rowId: string) => ({
    ref: touchRef(rowId),
    draggable: true,
    onDragStart: (e: DragEvent<HTMLSpanElement>) => {
      e.dataTransfer.setData('text/plain', rowId);
      e.dataTransfer.effectAllowed = 'move';
      setDragging(rowId);
    },
    onDragEnd: () => (setDragging(null), setOver(null)),
  });

  return { rowProps, handleProps };
}
