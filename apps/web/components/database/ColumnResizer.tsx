'use client';

import { type PointerEvent, useRef } from 'react';
import styles from './database.module.css';

// The right edge of a header: drag to resize (drawn live here, written once on release, so a drag
// is one update for everyone else), double-click for the default width again.
export function ColumnResizer({ width, onPreview, onCommit, name }: { width: number; onPreview: (w: number | null) => void; onCommit: (w: number | null) => void; name: string }) {
  const drag = useRef<{ x: number; width: number; moved: boolean } | null>(null);
  const next = (e: PointerEvent) => (drag.current ? drag.current.width + e.clientX - drag.current.x : width);
  return (
    <div
      className={styles.resizer}
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${name}`}
      data-testid="column-resizer"
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width, moved: false };
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        drag.current.moved = drag.current.moved || e.clientX !== drag.current.x;
        onPreview(next(e));
      }}
      onPointerUp={(e) => {
        const moved = drag.current?.moved;
        const w = next(e);
        drag.current = null;
        if (moved) onCommit(w);
        else onPreview(null);
      }}
      onPointerCancel={() => {
        drag.current = null;
        onPreview(null);
      }}
      onDoubleClick={() => onCommit(null)}
    />
  );
}
