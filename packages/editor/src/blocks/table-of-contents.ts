import { Node, createAtomBlockMarkdownSpec, mergeAttributes } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    tableOfContents: {
      insertTableOfContents: () => ReturnType;
    };
  }
}

export interface TableOfContentsEntry {
  level: number;
  text: string;
  /** Position of the heading in the document, to scroll to it. */
  pos: number;
}

/** The headings of a document, in order: what a table of contents block lists. */
export function documentHeadings(doc: ProseMirrorNode): TableOfContentsEntry[] {
  const entries: TableOfContentsEntry[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'heading') {
      entries.push({ level: Number(node.attrs.level), text: node.textContent, pos });
      return false;
    }
    return true;
  });
  return entries;
}

/**
 * A block that lists the page's headings. It stores nothing but its place: the list is computed
 * from the document whenever it is drawn, so it can never go stale or conflict between editors
 * (Tiptap's table-of-contents extension instead writes an id into every heading, which would be
 * a synced edit per heading from every open tab).
 */
export const TableOfContents = Node.create({
  name: 'tableOfContents',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  parseHTML() {
    return [{ tag: 'nav[data-type="table-of-contents"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['nav', mergeAttributes({ 'data-type': 'table-of-contents' }, HTMLAttributes)];
  },

  ...createAtomBlockMarkdownSpec({ nodeName: 'tableOfContents', name: 'toc' }),

  addCommands() {
    return {
      insertTableOfContents:
        () =>
        ({ commands }) =>
          commands.insertContent({ type: this.name }),
    };
  },
});
