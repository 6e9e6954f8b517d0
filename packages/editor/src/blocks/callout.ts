import { Node, createBlockMarkdownSpec, mergeAttributes } from '@tiptap/core';

import { type PaletteColor, paletteColorOrNull } from './palette.js';

export const DEFAULT_CALLOUT_EMOJI = '💡';
export const DEFAULT_CALLOUT_COLOR: PaletteColor = 'gray';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    callout: {
      /** Wraps the selected blocks in a callout. */
      setCallout: (attributes?: { emoji?: string; color?: PaletteColor }) => ReturnType;
      /** Changes the emoji and/or colour of the callout around the selection. */
      updateCallout: (attributes: { emoji?: string; color?: PaletteColor }) => ReturnType;
    };
  }
}

/** One emoji-sized grapheme at most (a pasted string would otherwise become the icon). */
export function calloutEmoji(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) return DEFAULT_CALLOUT_EMOJI;
  const first = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(value.trim())][0]?.segment;
  return first ?? DEFAULT_CALLOUT_EMOJI;
}

/**
 * A highlighted box with an emoji and a background colour around any blocks.
 * Markdown: a Pandoc fenced div `:::callout {emoji="💡" color="blue"}` … `:::` (what Docmost and
 * Tiptap's own utilities use); HTML: `<div data-type="callout">`, and Notion's `<figure class="callout">`.
 */
export const Callout = Node.create({
  name: 'callout',
  group: 'block',
  content: 'block+',
  defining: true,

  addAttributes() {
    return {
      emoji: {
        default: DEFAULT_CALLOUT_EMOJI,
        parseHTML: (element) => calloutEmoji(element.getAttribute('data-emoji') ?? element.querySelector('.icon')?.textContent),
        renderHTML: (attributes) => ({ 'data-emoji': attributes.emoji }),
      },
      color: {
        default: DEFAULT_CALLOUT_COLOR,
        parseHTML: (element) => paletteColorOrNull(element.getAttribute('data-color')) ?? DEFAULT_CALLOUT_COLOR,
        renderHTML: (attributes) => ({ 'data-color': attributes.color }),
      },
    };
  },

  parseHTML() {
    return [
      { tag: 'div[data-type="callout"]', contentElement: (node) => (node as HTMLElement).querySelector('[data-callout-body]') ?? node },
      // Notion's HTML export: <figure class="callout"><div><span class="icon">💡</span></div><div>…</div></figure>
      { tag: 'figure.callout', contentElement: (node) => ((node as HTMLElement).lastElementChild as HTMLElement | null) ?? node },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    return [
      'div',
      mergeAttributes({ 'data-type': 'callout' }, HTMLAttributes),
      ['span', { 'data-callout-emoji': '', contenteditable: 'false' }, String(node.attrs.emoji)],
      ['div', { 'data-callout-body': '' }, 0],
    ];
  },

  ...createBlockMarkdownSpec({ nodeName: 'callout', allowedAttributes: ['emoji', 'color'] }),

  addCommands() {
    return {
      setCallout:
        (attributes = {}) =>
        ({ commands }) =>
          commands.wrapIn(this.name, attributes),
      updateCallout:
        (attributes) =>
        ({ commands }) =>
          commands.updateAttributes(this.name, attributes),
    };
  },
});
