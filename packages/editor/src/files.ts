import { type JSONContent, Node, mergeAttributes } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import { fileContentUrl, fileIdFromUrl } from './file-urls.js';

// Uploaded files in a document (issue 16). An uploaded image is the ordinary `image` node with a
// `fileId`; any other file is a `fileAttachment` block (name, size, type, download link). Both keep
// the id, so the server knows which stored files a page still uses (orphan collection) and exports
// can bundle them. The bytes are served by the API at /files/:id/content, which the web app proxies
// under /api: FILE_CONTENT_PREFIX (file-urls.ts) is that browser-facing path.

export { FILE_CONTENT_PREFIX, fileContentUrl, fileIdFromUrl } from './file-urls.js';

const fileIdAttribute = {
  default: null,
  parseHTML: (el: HTMLElement) => el.getAttribute('data-file-id'),
  renderHTML: (attrs: Record<string, unknown>) => (attrs.fileId ? { 'data-file-id': String(attrs.fileId) } : {}),
};

/** Where a browser fetches an uploaded file: the stored path by default; a public link's reader
 * adds its token (the app passes this to documentExtensions). */
export type FileUrl = (fileId: string) => string;

/** The image node, which also holds uploaded images (their `fileId`) and a chosen display width. */
export const DocumentImage = Image.extend<{ fileUrl: FileUrl } & NonNullable<ReturnType<NonNullable<typeof Image.config.addOptions>>>>({
  addOptions() {
    return { ...this.parent!(), fileUrl: fileContentUrl };
  },
  addAttributes() {
    const fileUrl = this.options.fileUrl;
    const parent = this.parent?.() ?? {};
    return {
      ...parent,
      // An uploaded image is shown from wherever this reader may fetch it.
      src: { default: null, renderHTML: (attrs: Record<string, unknown>) => ({ src: typeof attrs.fileId === 'string' && attrs.fileId ? fileUrl(attrs.fileId) : attrs.src }) },
      fileId: fileIdAttribute,
    };
  },
});

export interface FileAttachmentAttrs {
  fileId: string | null;
  name: string;
  size: number;
  mime: string;
}

/** A file that is not shown inline: a block with its name and size that downloads it. */
export const FileAttachment = Node.create<{ fileUrl: FileUrl }>({
  name: 'fileAttachment',
  addOptions() {
    return { fileUrl: fileContentUrl };
  },
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      fileId: fileIdAttribute,
      name: { default: 'file', parseHTML: (el) => el.getAttribute('data-name') ?? el.textContent ?? 'file', renderHTML: (a) => ({ 'data-name': String(a.name) }) },
      size: { default: 0, parseHTML: (el) => Number(el.getAttribute('data-size') ?? 0) || 0, renderHTML: (a) => ({ 'data-size': String(a.size) }) },
      mime: { default: 'application/octet-stream', parseHTML: (el) => el.getAttribute('data-mime') ?? 'application/octet-stream', renderHTML: (a) => ({ 'data-mime': String(a.mime) }) },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-file-attachment]' }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const attrs = node.attrs as FileAttachmentAttrs;
    const href = attrs.fileId ? this.options.fileUrl(attrs.fileId) : '#';
    return [
      'div',
      mergeAttributes({ 'data-file-attachment': '' }, HTMLAttributes),
      ['span', { class: 'tandem-attachment-icon', 'aria-hidden': 'true' }, '📎'],
      ['a', { href, download: attrs.name, class: 'tandem-attachment-name' }, attrs.name],
      ['span', { class: 'tandem-attachment-size' }, formatFileSize(attrs.size)],
    ];
  },
  renderMarkdown: (node: JSONContent) => {
    const attrs = (node.attrs ?? {}) as Partial<FileAttachmentAttrs>;
    const name = (attrs.name ?? 'file').replace(/([[\]\\])/g, '\\$1');
    return `[📎 ${name}](${attrs.fileId ? fileContentUrl(attrs.fileId) : ''})`;
  },
});

/** "1.2 MB", "340 KB", "12 bytes". */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Ids of the uploaded files a document's JSON refers to (image and attachment nodes, image
 * sources and links pointing at an uploaded file), without duplicates. */
export function referencedFileIds(json: JSONContent): string[] {
  const ids = new Set<string>();
  const stack: JSONContent[] = [json];
  while (stack.length) {
    const node = stack.pop()!;
    const attrs = node.attrs ?? {};
    if (typeof attrs.fileId === 'string' && attrs.fileId) ids.add(attrs.fileId.toLowerCase());
    if (typeof attrs.src === 'string') {
      const id = fileIdFromUrl(attrs.src);
      if (id) ids.add(id);
    }
    // Links to an uploaded file (imports link non-image files so), on any host.
    for (const mark of node.marks ?? []) {
      const href = mark.type === 'link' ? mark.attrs?.href : undefined;
      if (typeof href !== 'string' || !URL.canParse(href)) continue;
      const id = fileIdFromUrl(new URL(href).pathname);
      if (id) ids.add(id);
    }
    for (const child of node.content ?? []) stack.push(child);
  }
  return [...ids];
}

/** The document's first image in reading order, as the path or URL a browser shows it from (an
 * uploaded image by its content path, which every reader of the page may fetch), or null. A
 * database gallery shows it as the row's card cover. */
export function firstImage(json: JSONContent): string | null {
  if (json.type === 'image') {
    const attrs = json.attrs ?? {};
    if (typeof attrs.fileId === 'string' && attrs.fileId) return fileContentUrl(attrs.fileId.toLowerCase());
    if (typeof attrs.src === 'string' && /^https?:\/\//i.test(attrs.src)) return attrs.src;
    if (typeof attrs.src === 'string' && fileIdFromUrl(attrs.src)) return fileContentUrl(fileIdFromUrl(attrs.src)!);
  }
  for (const child of json.content ?? []) {
    const found = firstImage(child);
    if (found) return found;
  }
  return null;
}
