'use client';

import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

// Open/close state for a popover anchored to a trigger: closes on Escape (focus back to the
// trigger), on a click outside, and when focus leaves it.
export function usePopover<T extends HTMLElement>(): {
  open: boolean;
  setOpen: (open: boolean) => void;
  wrapRef: RefObject<HTMLDivElement | null>;
  triggerRef: RefObject<T | null>;
  close: (refocus?: boolean) => void;
} {
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<T>(null);
  const close = useCallback((refocus = true) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  }, []);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      }
    };
    const onFocus = (e: FocusEvent) => {
      if (wrapRef.current && e.target instanceof Node && !wrapRef.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    document.addEventListener('focusin', onFocus);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('focusin', onFocus);
    };
  }, [open, close]);
  return { open, setOpen, wrapRef, triggerRef, close };
}

export type PopoverChildren = ReactNode;
