import { type Editor, Extension, type JSONContent } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

import { type EmbedTarget, embedFromUrl } from './blocks/embed-url.js';

/** A web address pasted on its own, now a link in the text: the app may offer to make it a block. */
export interface PastedLink {
  url: string;
  /** The link's text in the document right after the paste (it may move as others edit). */
  from: number;
  to: number;
  /** The player it would become, when it is on the embed allow-list. */
  embed: EmbedTarget | null;
}

export interface PastedLinkOptions {
  onPastedLink?: (link: PastedLink) => void;
}

const HTTP_URL = /^https?:\/\/\S+$/i;

/**
 * A lone http(s) address pasted with nothing selected becomes a link at once (as everywhere), and
 * the app is told so it can offer an embed or a bookmark card instead (Notion's paste menu). The
 * offer never changes the document by itself.
 */
export const PastedLinkOffer = Extension.create<PastedLinkOptions>({
  name: 'pastedLinkOffer',
  // Before the Link extension's own paste handling, which would make the same link silently.
  priority: 1000,

  addOptions() {
    return { onPastedLink: undefined };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey('pastedLinkOffer'),
        props: {
          handlePaste: (view, event) => {
            const text = event.clipboardData?.getData('text/plain').trim() ?? '';
            const { selection, schema } = view.state;
            const link = schema.marks.link;
            if (!options.onPastedLink || !link || !selection.empty || !HTTP_URL.test(text) || !URL.canParse(text)) return false;
            if (!selection.$from.parent.type.spec.content?.includes('inline') || selection.$from.parent.type.spec.code) return false;
            const from = selection.from;
            const tr = view.state.tr.insertText(text, from).addMark(from, from + text.length, link.create({ href: text }));
            view.dispatch(tr.scrollIntoView());
            options.onPastedLink({ url: text, from, to: from + text.length, embed: embedFromUrl(text) });
            return true;
          },
        },
      }),
    ];
  },
});

/**
 * Replaces a pasted link with a block (an embed or a bookmark) if the link is still where it was:
 * the whole line when the link is all it holds, else the block goes right after that line.
 * False (nothing changed) when the text there is no longer the link.
 */
export function replacePastedLink(editor: Editor, link: PastedLink, block: JSONContent): boolean {
  const { doc } = editor.state;
  if (link.to > doc.content.size || doc.textBetween(link.from, link.to) !== link.url) return false;
  const $from = doc.resolve(link.from);
  const line = $from.parent;
  const lineStart = $from.before();
  const lineEnd = $from.after();
  const done =
    line.textContent.trim() === link.url
      ? editor.chain().insertContentAt({ from: lineStart, to: lineEnd }, block).run()
      : editor.chain().deleteRange({ from: link.from, to: link.to }).insertContentAt(lineEnd - (link.to - link.from), block).run();
  if (done && editor.isInitialized && editor.options.element) editor.commands.focus();
  return done;
}
