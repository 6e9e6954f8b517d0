'use client';

import { useEffect, useReducer, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import styles from './database.module.css';

// A cell's popover editor (options, people, dates), placed under the cell in the page's coordinates
// so the table's scroll box never clips it; a click outside ends the edit.
export function EditorPopover({
  anchor,
  onClose,
  children,
  below = false,
  minWidth = 260,
}: {
  anchor: HTMLElement | null;
  onClose: () => void;
  children: ReactNode;
  // Open under the anchor (a column header) rather than over it (a cell).
  below?: boolean;
  minWidth?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Placed from the anchor's box at render: a resize (a phone turned, a window narrowed) places it again.
  const [, replace] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    window.addEventListener('resize', replace);
    return () => window.removeEventListener('resize', replace);
  }, []);
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [onClose]);
  if (!anchor) return null;
  const rect = anchor.getBoundingClientRect();
  const width = Math.min(Math.max(rect.width, minWidth), window.innerWidth - 16);
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  // Below the cell, or above it when the cell is near the bottom of the window.
  const top = below ? rect.bottom + 4 : rect.top;
  const style = rect.bottom + 320 < window.innerHeight || rect.top < 320 ? { top, left, width } : { bottom: window.innerHeight - (below ? rect.top - 4 : rect.bottom), left, width };
  return createPortal(
    <div
      ref={ref}
      className={styles.popoverLayer}
      style={style}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {children}
    </div>,
    document.body,
  );
}
