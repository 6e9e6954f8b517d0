import { mergeAttributes } from '@tiptap/core';
import { BlockMath, InlineMath } from '@tiptap/extension-mathematics';

/**
 * Inline math reads `$x^2$` in Markdown only when it looks like math, as Pandoc does: no space just
 * inside the dollars and no digit right after the closing one — so "costs $5 and $10" stays text.
 */
const INLINE_MATH = /^\$(?=\S)([^$\n]*?\S)\$(?![\d$])/;

// Both render their LaTeX source as text in HTML (the editor's node view draws it with KaTeX), so
// an exported page or a reader without the editor still shows the formula rather than nothing.
export const TandemInlineMath = InlineMath.extend({
  renderHTML({ node, HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes, { 'data-type': 'inline-math' }), `$${String(node.attrs.latex ?? '')}$`];
  },
  markdownTokenizer: {
    name: 'inlineMath',
    level: 'inline',
    start: (src: string) => src.indexOf('$'),
    tokenize: (src: string) => {
      const match = INLINE_MATH.exec(src);
      if (!match) return undefined;
      return { type: 'inlineMath', raw: match[0], latex: (match[1] ?? '').trim() };
    },
  },
});

export const TandemBlockMath = BlockMath.extend({
  renderHTML({ node, HTMLAttributes }) {
    return ['div', mergeAttributes(HTMLAttributes, { 'data-type': 'block-math' }), `$$${String(node.attrs.latex ?? '')}$$`];
  },
});
