import { type AnyExtension, type NodeViewRenderer, getSchema } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import { DocumentImage, FileAttachment, type FileUrl, fileContentUrl, fileIdFromUrl } from './files.js';
import { PageMention, PersonMention } from './mentions.js';
import { ForeignPaste } from './paste.js';

import { Callout } from './blocks/callout.js';
import { CodeBlock } from './blocks/code-block.js';
import { colourExtensions } from './blocks/marks.js';
import { Bookmark } from './blocks/bookmark.js';
import { Column, Columns } from './blocks/columns.js';
import { DatabaseBlock } from './blocks/database-block.js';
import { Embed } from './blocks/embed.js';
import { TandemBlockMath, TandemInlineMath } from './blocks/math.js';
import { PageLink } from './blocks/page-link.js';
import { TableOfContents } from './blocks/table-of-contents.js';
import { NotionBlockquote, toggleExtensions } from './blocks/toggle.js';

/** Name of the Y.XmlFragment inside a page's Y.Doc that holds the document body. */
export const DOCUMENT_FIELD = 'default';

/** Heading levels the document allows; the slash menu and Markdown import share this list. */
export const HEADING_LEVELS = [1, 2, 3] as const;

/** URL schemes a link may point to. Anything else (javascript:, data:, ...) is refused. */
export const LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

/** Blocks the app draws itself (React node views); the schema stays the package's. */
export interface BlockNodeViews {
  callout?: NodeViewRenderer;
  codeBlock?: NodeViewRenderer;
  tableOfContents?: NodeViewRenderer;
  pageLink?: NodeViewRenderer;
  pageMention?: NodeViewRenderer;
  embed?: NodeViewRenderer;
  bookmark?: NodeViewRenderer;
  columns?: NodeViewRenderer;
  databaseBlock?: NodeViewRenderer;
}

export interface DocumentExtensionOptions {
  /** Text shown in an empty block. Editor-only: it adds decorations, never content. */
  placeholder?: string;
  /** Where uploaded files are fetched from (a public link's reader adds its token). */
  fileUrl?: FileUrl;
  /** Width handles on images (editor-only: a node view; the width is stored on the node). */
  imageResize?: boolean;
  /** The app's node views, by block; absent ones render from the schema's HTML. */
  nodeViews?: BlockNodeViews;
  /** A click on a formula in an editable editor: the app opens its LaTeX editor. */
  onEditMath?: (kind: 'inlineMath' | 'blockMath', node: ProseMirrorNode, pos: number) => void;
}

function withNodeView<T extends AnyExtension>(extension: T, view: NodeViewRenderer | undefined): AnyExtension {
  return view ? extension.extend({ addNodeView: () => view }) : extension;
}

/**
 * The extension set that IS Tandem's document schema. The web editor adds Collaboration and
 * CollaborationCaret on top; the server uses this list alone to read and write documents, so
 * anything added here changes what every stored document may contain.
 */
export function documentExtensions(options: DocumentExtensionOptions = {}): AnyExtension[] {
  const extensions: AnyExtension[] = [
    StarterKit.configure({
      // Per-user undo comes from the Yjs UndoManager (Collaboration); ProseMirror history would
      // undo other people's edits too.
      undoRedo: false,
      // TrailingNode appends an empty paragraph whenever the last block is not one. With several
      // editors open, each appends its own at once (and every fresh tab writes one while the
      // document is still loading): a stream of phantom edits and duplicate empty paragraphs.
      trailingNode: false,
      // Replaced below: code blocks with highlighting, and quotes on Notion's '"' shortcut.
      codeBlock: false,
      blockquote: false,
      heading: { levels: [...HEADING_LEVELS] },
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        protocols: [],
        isAllowedUri: (url) => isAllowedLinkUrl(url),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
      },
    }),
    TaskList,
    TaskItem.configure({ nested: true }),
    // Images by URL only: base64 would put megabytes into the shared Yjs document. Uploaded
    // images and other files (files.ts) keep their file id.
    DocumentImage.configure({
      inline: false,
      allowBase64: false,
      fileUrl: options.fileUrl ?? fileContentUrl,
      resize: options.imageResize ? { enabled: true, directions: ['left', 'right'], minWidth: 48, minHeight: 24, alwaysPreserveAspectRatio: true } : false,
    }),
    FileAttachment.configure({ fileUrl: options.fileUrl ?? fileContentUrl }),
    TableKit.configure({ table: { resizable: false } }),
    NotionBlockquote,
    withNodeView(CodeBlock, options.nodeViews?.codeBlock),
    withNodeView(Callout, options.nodeViews?.callout),
    ...toggleExtensions(),
    ...colourExtensions(),
    TandemInlineMath.configure({ onClick: mathClick('inlineMath', options) }),
    TandemBlockMath.configure({ onClick: mathClick('blockMath', options) }),
    withNodeView(TableOfContents, options.nodeViews?.tableOfContents),
    withNodeView(PageLink, options.nodeViews?.pageLink),
    PersonMention,
    withNodeView(PageMention, options.nodeViews?.pageMention),
    withNodeView(Embed, options.nodeViews?.embed),
    withNodeView(Bookmark, options.nodeViews?.bookmark),
    withNodeView(Columns, options.nodeViews?.columns),
    Column,
    withNodeView(DatabaseBlock, options.nodeViews?.databaseBlock),
    // Paste-only (a plugin, no schema): Word/Google Docs/Notion HTML reshaped before it is parsed.
    ForeignPaste,
  ];
  if (options.placeholder !== undefined) {
    const text = options.placeholder;
    extensions.push(Placeholder.configure({ placeholder: text, showOnlyCurrent: true }));
  }
  return extensions;
}

function mathClick(kind: 'inlineMath' | 'blockMath', options: DocumentExtensionOptions) {
  const edit = options.onEditMath;
  return edit ? (node: ProseMirrorNode, pos: number) => edit(kind, node, pos) : undefined;
}

/** True for absolute http(s) and mailto URLs: the only ones a stored link may carry. */
export function isAllowedLinkUrl(url: string): boolean {
  return hasAllowedScheme(url, LINK_PROTOCOLS);
}

/** True for absolute http(s) URLs and uploaded files' paths: the only image sources a document
 * may carry. */
export function isAllowedImageUrl(url: string): boolean {
  return hasAllowedScheme(url, ['http', 'https']) || fileIdFromUrl(url) !== null;
}

function hasAllowedScheme(url: string, schemes: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  return schemes.includes(parsed.protocol.replace(/:$/, '').toLowerCase());
}

/** The ProseMirror schema of a Tandem document, built once from the extension set. */
export const documentSchema = getSchema(documentExtensions());
