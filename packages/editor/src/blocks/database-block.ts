import { type JSONContent, Node, mergeAttributes } from '@tiptap/core';
import { UUID, pageHref } from './page-link.js';

/** A view id as the database core mints them (short, URL-safe); anything else is dropped. */
const VIEW_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface DatabaseBlockAttributes {
  databaseId: string;
  workspaceId: string;
  /** The view this block shows; null: the database's first view. Per block, so two linked views
   * of one database can show different tabs. */
  viewId: string | null;
  /** The database's title when the block was made or last renamed through it: what exports and
   * the history preview show (the app shows the current title when the reader may see it). */
  title: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    databaseBlock: {
      insertDatabaseBlock: (attributes: DatabaseBlockAttributes) => ReturnType;
    };
  }
}

/** A view id attribute made safe: a short id, or null. */
export function databaseViewId(value: unknown): string | null {
  return typeof value === 'string' && VIEW_ID.test(value) ? value : null;
}

/**
 * A database shown inside a page (Notion's inline database and linked view): only a reference.
 * The rows live in the database page's own document, so this page's text, search and history
 * never hold them. HTML: `<a data-type="database-block" href="/w/…/p/…">Title</a>` (a link to the
 * database page wherever the markup goes); Markdown: that link, `[Title](/w/…/p/…)`, which reads
 * back as a link, not a block.
 */
export const DatabaseBlock = Node.create({
  name: 'databaseBlock',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      databaseId: {
        default: '',
        parseHTML: (el) => el.getAttribute('data-database-id') ?? '',
        renderHTML: (a) => ({ 'data-database-id': a.databaseId }),
      },
      workspaceId: {
        default: '',
        parseHTML: (el) => el.getAttribute('data-workspace-id') ?? '',
        renderHTML: (a) => ({ 'data-workspace-id': a.workspaceId }),
      },
      viewId: {
        default: null,
        parseHTML: (el) => databaseViewId(el.getAttribute('data-view-id')),
        renderHTML: (a) => (databaseViewId(a.viewId) ? { 'data-view-id': a.viewId } : {}),
      },
      title: { default: '', parseHTML: (el) => el.textContent ?? '', renderHTML: () => ({}) },
    };
  },

  parseHTML() {
    // Above the link mark's `a[href]`, which would otherwise take the anchor as a plain link.
    return [{ tag: 'a[data-type="database-block"]', priority: 60 }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const { databaseId, workspaceId, title } = node.attrs as DatabaseBlockAttributes;
    return ['a', mergeAttributes({ 'data-type': 'database-block', href: pageHref(workspaceId, databaseId) }, HTMLAttributes), title || 'Untitled database'];
  },

  renderMarkdown: (node: JSONContent) => {
    const { databaseId, workspaceId, title } = (node.attrs ?? {}) as Partial<DatabaseBlockAttributes>;
    const label = (title || 'Untitled database').replace(/([\\[\]])/g, '\\$1');
    return `[${label}](${pageHref(String(workspaceId ?? ''), String(databaseId ?? ''))})`;
  },

  addCommands() {
    return {
      insertDatabaseBlock:
        (attributes) =>
        ({ commands }) =>
          UUID.test(attributes.databaseId) && UUID.test(attributes.workspaceId)
            ? commands.insertContent({ type: this.name, attrs: { ...attributes, viewId: databaseViewId(attributes.viewId) } })
            : false,
    };
  },
});
