'use client';

import { useEffect, useRef, useState } from 'react';
import { deleteRows } from '@tandem/database/ydoc';
import { rangeOf } from '@/lib/database/grid';
import { useDatabase } from './DatabaseContext';

// The rows ticked in a table's gutter: a tick toggles one row, a shift-tick gives every row from
// the last one ticked the same state, the header box takes every row in view, and deleting asks
// first (it removes rows for everyone). Rows deleted by someone else drop out of the selection.
export function useRowSelection(rowIds: readonly string[]) {
  const { change } = useDatabase();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The row a shift-click's range starts from (the last row ticked or unticked).
  const anchor = useRef<number | null>(null);

  useEffect(() => {
    setSelected((current) => {
      if (current.size === 0) return current;
      const ids = new Set(rowIds);
      const kept = [...current].filter((id) => ids.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [rowIds]);

  const toggle = (index: number, shift: boolean) => {
    const id = rowIds[index];
    if (!id) return;
    const on = !selected.has(id);
    const ids = shift && anchor.current !== null ? rangeOf(rowIds, anchor.current, index) : [id];
    anchor.current = index;
    setSelected((current) => {
      const next = new Set(current);
      for (const r of ids) {
        if (on) next.add(r);
        else next.delete(r);
      }
      return next;
    });
  };

  const allSelected = rowIds.length > 0 && selected.size === rowIds.length;
  const toggleAll = () => {
    anchor.current = null;
    setSelected(allSelected ? new Set() : new Set(rowIds));
  };

  const clear = () => {
    anchor.current = null;
    setSelected(new Set());
  };

  const deleteSelected = () => {
    const ids = [...selected];
    if (ids.length === 0) return;
    if (!window.confirm(ids.length === 1 ? 'Delete the selected row?' : `Delete the ${ids.length.toLocaleString()} selected rows?`)) return;
    if (change((doc) => deleteRows(doc, ids))) clear();
  };

  return { selected, allSelected, toggle, toggleAll, clear, deleteSelected };
}
