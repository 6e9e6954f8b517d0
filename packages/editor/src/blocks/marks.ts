import { Extension } from '@tiptap/core';
import Highlight from '@tiptap/extension-highlight';
import { Color, TextStyle } from '@tiptap/extension-text-style';

import { type PaletteColor, paletteColorOrNull } from './palette.js';

export const DEFAULT_HIGHLIGHT: PaletteColor = 'yellow';

/**
 * Text colour as Tiptap's Color extension (a `color` on the textStyle mark), restricted to the
 * palette: the stored value is a palette name, drawn through a CSS variable the theme defines, and a
 * pasted `color: #123456` (Google Docs colours every span) is dropped instead of kept unreadable.
 */
export const TextColor = Color.extend({
  addGlobalAttributes() {
    return [
      {
        types: ['textStyle'],
        attributes: {
          color: {
            default: null,
            parseHTML: (element: HTMLElement) => paletteColorOrNull(element.getAttribute('data-color')),
            renderHTML: (attributes: { color?: string | null }) => {
              const color = paletteColorOrNull(attributes.color);
              return color ? { 'data-color': color, style: `color: var(--tandem-text-${color})` } : {};
            },
          },
        },
      },
    ];
  },
});

/** Highlight (Mod-Shift-h, `==text==` in Markdown) with a palette colour, drawn like TextColor. */
export const PaletteHighlight = Highlight.extend({
  addAttributes() {
    return {
      color: {
        default: DEFAULT_HIGHLIGHT,
        parseHTML: (element: HTMLElement) => paletteColorOrNull(element.getAttribute('data-color')) ?? DEFAULT_HIGHLIGHT,
        renderHTML: (attributes: { color?: string | null }) => {
          const color = paletteColorOrNull(attributes.color) ?? DEFAULT_HIGHLIGHT;
          return { 'data-color': color, style: `background-color: var(--tandem-highlight-${color}); color: inherit` };
        },
      },
    };
  },
}).configure({ multicolor: true });

/**
 * textStyle only carries our `color`, so only a span with a palette colour becomes one: pasted
 * Google Docs/Word HTML styles nearly every span, which would otherwise leave empty marks behind.
 */
const PaletteTextStyle = TextStyle.extend({
  parseHTML() {
    return [{ tag: 'span[data-color]', consuming: false, getAttrs: (element) => (paletteColorOrNull(element.getAttribute('data-color')) ? {} : false) }];
  },
});

/** The mark set for colours: textStyle is only a carrier for `color`. */
export function colourExtensions(): Extension[] {
  return [PaletteTextStyle as unknown as Extension, TextColor, PaletteHighlight as unknown as Extension];
}
