'use client';

import { useCallback, useEffect, useRef } from 'react';

export interface TouchDragHandlers {
  // The finger took `id` (a row, a column): draw it as dragged.
  onStart: (id: string) => void;
  // The element under the finger while it moves, and where the finger is.
  onOver: (under: Element | null, x: number, y: number) => void;
  // The finger lifted there.
  onDrop: (under: Element | null, x: number, y: number) => void;
  // The drag ended without a drop (another finger, the browser took the gesture).
  onCancel: () => void;
}

// A still press this long on a hold-to-drag element starts the drag; moving first is a scroll.
const HOLD_MS = 400;
const SLOP_PX = 8;

interface Gesture {
  id: string;
  touch: number;
  x: number;
  y: number;
  started: boolean;
  timer?: ReturnType<typeof setTimeout>;
  stop: () => void;
}

// Phone browsers give touch no HTML drag and drop, so a finger drags with touch events instead. On a
// handle (`hold` false) the drag starts at once (the handle's CSS says `touch-action: none`); on an
// element a tap or a swipe also uses (a column header opens its menu, scrolls the table), it starts
// after a still press, and a move before that leaves the gesture to the browser. While dragging,
// the page does not scroll, and the click a lifted finger would make is swallowed.
export function useTouchDrag(handlers: TouchDragHandlers, hold: boolean) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const gesture = useRef<Gesture | null>(null);
  useEffect(() => () => gesture.current?.stop(), []);

  // A ref callback for the element that drags `id`; React 19 runs the returned cleanup.
  return useCallback(
    (id: string) => (el: HTMLElement | null) => {
      if (!el) return;
      const onTouchStart = (e: TouchEvent) => {
        if (gesture.current || e.touches.length !== 1) return;
        const t = e.changedTouches[0]!;
        const g: Gesture = { id, touch: t.identifier, x: t.clientX, y: t.clientY, started: false, stop: () => undefined };
        const find = (list: TouchList) => Array.from(list).find((x) => x.identifier === g.touch);
        const start = () => {
          g.started = true;
          latest.current.onStart(id);
        };
        const onMove = (ev: TouchEvent) => {
          const p = find(ev.changedTouches);
          if (!p) return;
          if (!g.started) {
            if (Math.hypot(p.clientX - g.x, p.clientY - g.y) > SLOP_PX) end(false);
            return;
          }
          ev.preventDefault();
          latest.current.onOver(document.elementFromPoint(p.clientX, p.clientY), p.clientX, p.clientY);
        };
        const onEnd = (ev: TouchEvent) => {
          const p = find(ev.changedTouches);
          if (!p) return;
          if (g.started && ev.type === 'touchend') {
            ev.preventDefault();
            latest.current.onDrop(document.elementFromPoint(p.clientX, p.clientY), p.clientX, p.clientY);
            end(true);
          } else end(false);
        };
        const end = (dropped: boolean) => {
          if (g.started && !dropped) latest.current.onCancel();
          g.stop();
        };
        g.stop = () => {
          clearTimeout(g.timer);
          document.removeEventListener('touchmove', onMove);
          document.removeEventListener('touchend', onEnd);
          document.removeEventListener('touchcancel', onEnd);
          if (gesture.current === g) gesture.current = null;
        };
        gesture.current = g;
        document.addEventListener('touchmove', onMove, { passive: false });
        document.addEventListener('touchend', onEnd, { passive: false });
        document.addEventListener('touchcancel', onEnd);
        if (hold) g.timer = setTimeout(start, HOLD_MS);
        else start();
      };
      el.addEventListener('touchstart', onTouchStart, { passive: true });
      return () => el.removeEventListener('touchstart', onTouchStart);
    },
    [hold],
  );
}
