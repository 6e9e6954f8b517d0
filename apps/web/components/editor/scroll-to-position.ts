import type { Editor } from '@tiptap/react';

// How long a smooth scroll gets before the check that it ended where it should.
const SETTLE_MS = 1000;
// What a person does to scroll elsewhere themselves: then the check leaves the view alone.
const OWN_SCROLL = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;

// Scrolls the text at `pos` to the middle of the view, smoothly. A smooth scroll aims at where the
// text was when it started and stops when anything else scrolls: a layout shift above (a panel
// opening, the rest of the page arriving) or a focus meanwhile can leave the text out of view, so
// once the scroll has had its time the text is put in view at once if it is not — unless the
// person scrolled or typed meanwhile.
export function scrollToPosition(editor: Editor, pos: number): void {
  const { node } = editor.view.domAtPos(pos);
  const element = node instanceof Element ? node : node.parentElement;
  if (!element) return;
  element.scrollIntoView({ block: 'center', behavior: 'smooth' });
  const settle = setTimeout(() => {
    stop();
    if (!element.isConnected) return;
    const { top, bottom } = element.getBoundingClientRect();
    if (top < 0 || bottom > window.innerHeight) element.scrollIntoView({ block: 'center' });
  }, SETTLE_MS);
  const stop = () => {
    clearTimeout(settle);
    for (const type of OWN_SCROLL) window.removeEventListener(type, stop, true);
  };
  for (const type of OWN_SCROLL) window.addEventListener(type, stop, { capture: true, passive: true });
}
