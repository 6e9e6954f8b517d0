import { Node, createAtomBlockMarkdownSpec, mergeAttributes, parseAttributes, serializeAttributes } from '@tiptap/core';

export interface BookmarkAttributes {
  url: string;
  /** What the server read from the page when the card was made (empty when it said nothing). */
  title: string;
  description: string;
  /** The site's icon, an absolute http(s) address, or empty. */
  icon: string;
  siteName: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    bookmark: {
      insertBookmark: (attributes: BookmarkAttributes) => ReturnType;
    };
  }
}

/** True for an absolute http(s) address: the only kind a bookmark links to or shows as its icon. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The host a card names when the page gave no title ("example.com"). */
export function bookmarkHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

// Pandoc attribute values are double-quoted with no escape: titles may hold quotes and braces.
const escapeValue = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/}/g, '&#125;').replace(/\n/g, ' ');
const unescapeValue = (value: string) => value.replace(/&#125;/g, '}').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

const FIELDS = ['url', 'title', 'description', 'icon', 'siteName'] as const;

/**
 * A card for a web page that is not embeddable: its title, description and icon, read by the
 * server when the card was made (POST /pages/:id/link-preview) and stored in the node, so readers'
 * browsers never fetch the page. Markdown: `:::bookmark {url="…" title="…" …}`; HTML:
 * `<a data-type="bookmark" href="…">` with the fields as data attributes.
 */
export const Bookmark = Node.create({
  name: 'bookmark',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    const field = (name: (typeof FIELDS)[number], attribute: string) => ({
      default: '',
      parseHTML: (el: HTMLElement) => el.getAttribute(attribute) ?? '',
      renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [attribute]: attrs[name] } : {}),
    });
    return {
      url: { default: '', parseHTML: (el) => el.getAttribute('href') ?? '', renderHTML: () => ({}) },
      title: field('title', 'data-title'),
      description: field('description', 'data-description'),
      icon: field('icon', 'data-icon'),
      siteName: field('siteName', 'data-site-name'),
    };
  },

  parseHTML() {
    // Before the link mark's a[href] rule, which would read the card as linked text.
    return [{ tag: 'a[data-type="bookmark"]', priority: 1000, getAttrs: (el) => (isHttpUrl((el as HTMLElement).getAttribute('href')) ? null : false) }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const { url, title, description, icon, siteName } = node.attrs as BookmarkAttributes;
    const safeUrl = isHttpUrl(url) ? url : '';
    return [
      'a',
      mergeAttributes({ 'data-type': 'bookmark', href: safeUrl, target: '_blank', rel: 'noopener noreferrer nofollow' }, HTMLAttributes),
      ['span', { 'data-bookmark-title': '' }, title || bookmarkHost(safeUrl)],
      ...(description ? [['span', { 'data-bookmark-description': '' }, description] as const] : []),
      ['span', { 'data-bookmark-site': '' }, ...(isHttpUrl(icon) ? [['img', { src: icon, alt: '', width: '16', height: '16', loading: 'lazy', referrerpolicy: 'no-referrer' }] as const] : []), siteName || bookmarkHost(safeUrl)],
    ];
  },

  ...createAtomBlockMarkdownSpec({
    nodeName: 'bookmark',
    requiredAttributes: ['url'],
    allowedAttributes: [...FIELDS],
    serializeAttributes: (attrs) =>
      serializeAttributes(Object.fromEntries(FIELDS.filter((key) => attrs[key]).map((key) => [key, escapeValue(String(attrs[key]))]))),
    parseAttributes: (source) => Object.fromEntries(Object.entries(parseAttributes(source)).map(([key, value]) => [key, typeof value === 'string' ? unescapeValue(value) : value])),
  }),

  addCommands() {
    return {
      insertBookmark:
        (attributes) =>
        ({ commands }) =>
          isHttpUrl(attributes.url) ? commands.insertContent({ type: this.name, attrs: { ...attributes, icon: isHttpUrl(attributes.icon) ? attributes.icon : '' } }) : false,
    };
  },
});
