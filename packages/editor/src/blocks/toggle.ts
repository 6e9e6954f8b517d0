import { Extension, InputRule, wrappingInputRule } from '@tiptap/core';
import Blockquote from '@tiptap/extension-blockquote';
import { Details, DetailsContent, DetailsSummary } from '@tiptap/extension-details';

/**
 * Notion's shortcuts: "> " at the start of a line makes a toggle (the line's text becomes its
 * summary), and '" ' makes a quote — so the quote's Markdown shortcut moves off ">".
 * Markdown import still reads "> text" as a quote: only typing changes.
 */
export const NotionBlockquote = Blockquote.extend({
  addInputRules() {
    return [wrappingInputRule({ find: /^\s*"\s$/, type: this.type })];
  },
});

export const ToggleInputRule = Extension.create({
  name: 'toggleInputRule',
  addInputRules() {
    return [
      new InputRule({
        find: /^>\s$/,
        handler: ({ state, range, chain }) => {
          const $from = state.doc.resolve(range.from);
          const block = $from.parent;
          if (block.type.name !== 'paragraph' || $from.depth < 1) return null;
          const summaryText = block.textBetween(range.to - $from.start(), block.content.size);
          const start = $from.before();
          const end = $from.after();
          chain()
            .insertContentAt(
              { from: start, to: end },
              {
                type: 'details',
                content: [
                  { type: 'detailsSummary', content: summaryText ? [{ type: 'text', text: summaryText }] : [] },
                  { type: 'detailsContent', content: [{ type: 'paragraph' }] },
                ],
              },
            )
            .setTextSelection(start + 2)
            .run();
          return undefined;
        },
      }),
    ];
  },
});

/**
 * Toggles are Tiptap's Details nodes with `persist: false`: whether a toggle is open is each
 * viewer's own state (the node view's class), never an attribute in the shared document — so one
 * person opening a toggle does not open it for everyone, nor write an edit.
 */
export function toggleExtensions() {
  return [Details.configure({ persist: false, HTMLAttributes: { class: 'toggle' } }), DetailsSummary, DetailsContent, ToggleInputRule];
}
