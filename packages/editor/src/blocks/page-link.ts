import { Node, createAtomBlockMarkdownSpec, mergeAttributes } from '@tiptap/core';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PageLinkAttributes {
  pageId: string;
  workspaceId: string;
  /** The page's title when the link was made; the app shows the current one when it can. */
  title: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    pageLink: {
      insertPageLink: (attributes: PageLinkAttributes) => ReturnType;
    };
  }
}

/** The app's address of a page, the same one link marks use (so backlinks find both). */
export function pageHref(workspaceId: string, pageId: string): string {
  return `/w/${workspaceId}/p/${pageId}`;
}

/**
 * A block that links to another page of the workspace (Notion's "Link to page"). Markdown:
 * `:::pageLink {pageId="…" workspaceId="…" title="…"}`; HTML: an `<a data-type="page-link">`.
 */
export const PageLink = Node.create({
  name: 'pageLink',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      pageId: { default: '', parseHTML: (el) => el.getAttribute('data-page-id') ?? '', renderHTML: (a) => ({ 'data-page-id': a.pageId }) },
      workspaceId: {
        default: '',
        parseHTML: (el) => el.getAttribute('data-workspace-id') ?? '',
        renderHTML: (a) => ({ 'data-workspace-id': a.workspaceId }),
      },
      title: { default: '', parseHTML: (el) => el.textContent ?? '', renderHTML: () => ({}) },
    };
  },

  parseHTML() {
    return [{ tag: 'a[data-type="page-link"]' }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const { pageId, workspaceId, title } = node.attrs as PageLinkAttributes;
    return ['a', mergeAttributes({ 'data-type': 'page-link', href: pageHref(workspaceId, pageId) }, HTMLAttributes), title || 'Untitled'];
  },

  ...createAtomBlockMarkdownSpec({
    nodeName: 'pageLink',
    requiredAttributes: ['pageId', 'workspaceId'],
    allowedAttributes: ['pageId', 'workspaceId', 'title'],
  }),

  addCommands() {
    return {
      insertPageLink:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
    };
  },
});
