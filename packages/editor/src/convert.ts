import type { JSONContent } from '@tiptap/core';
import { MarkdownManager } from '@tiptap/markdown';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

import { firstImage, referencedFileIds } from './files.js';
import { calloutEmoji } from './blocks/callout.js';
import { isPaletteColor } from './blocks/palette.js';
import { UUID } from './blocks/page-link.js';
import { isCanonicalEmbedSrc } from './blocks/embed-url.js';
import { isHttpUrl } from './blocks/bookmark.js';
import { columnWidth } from './blocks/columns.js';
import { databaseViewId } from './blocks/database-block.js';
import { DOCUMENT_FIELD, HEADING_LEVELS, documentExtensions, documentSchema, isAllowedImageUrl, isAllowedLinkUrl } from './schema.js';

/** Thrown when content does not fit the document schema; `message` says what and where. */
export class DocumentContentError extends Error {
  override readonly name = 'DocumentContentError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * Checks ProseMirror JSON against the document schema and returns the parsed node.
 * Rejects unknown node/mark types, content in the wrong place, and unsafe link/image URLs.
 */
export function parseDocumentJSON(json: unknown): ProseMirrorNode {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DocumentContentError('Document JSON must be an object like {"type":"doc","content":[...]}.');
  }
  if ((json as { type?: unknown }).type !== 'doc') {
    throw new DocumentContentError('Document JSON must have "type": "doc" at the top.');
  }
  let node: ProseMirrorNode;
  try {
    node = documentSchema.nodeFromJSON(json);
    node.check();
  } catch (error) {
    throw new DocumentContentError(`Document JSON does not fit the schema: ${(error as Error).message}`);
  }
  node.descendants((child) => {
    if (child.type.name === 'heading' && !(HEADING_LEVELS as readonly unknown[]).includes(child.attrs.level)) {
      throw new DocumentContentError(`Heading level must be one of ${HEADING_LEVELS.join(', ')}, got ${String(child.attrs.level)}.`);
    }
    if (child.type.name === 'image' && !isAllowedImageUrl(String(child.attrs.src ?? ''))) {
      throw new DocumentContentError(`Image source must be an http(s) URL, got "${String(child.attrs.src)}".`);
    }
    if (child.type.name === 'callout') {
      if (!isPaletteColor(child.attrs.color)) throw new DocumentContentError(`Callout colour must be a palette name, got "${String(child.attrs.color)}".`);
      if (calloutEmoji(child.attrs.emoji) !== child.attrs.emoji) throw new DocumentContentError('Callout emoji must be a single emoji.');
    }
    if (child.type.name === 'pageLink' && !(UUID.test(String(child.attrs.pageId)) && UUID.test(String(child.attrs.workspaceId)))) {
      throw new DocumentContentError('A page link needs the page and workspace ids (UUIDs).');
    }
    if (child.type.name === 'databaseBlock') {
      if (!(UUID.test(String(child.attrs.databaseId)) && UUID.test(String(child.attrs.workspaceId)))) throw new DocumentContentError('A database block needs the database and workspace ids (UUIDs).');
      if (child.attrs.viewId !== null && databaseViewId(child.attrs.viewId) === null) throw new DocumentContentError(`A database block's view id must be a short id, got "${String(child.attrs.viewId)}".`);
    }
    if (child.type.name === 'embed' && !isCanonicalEmbedSrc(child.attrs.src, child.attrs.provider)) {
      throw new DocumentContentError(`An embed must be an allow-listed player address (YouTube, Vimeo, Figma, Loom, Google Maps, CodePen), got "${String(child.attrs.src)}".`);
    }
    if (child.type.name === 'column' && columnWidth(child.attrs.width) !== child.attrs.width) {
      throw new DocumentContentError(`A column's width must be a positive number up to 100, got "${String(child.attrs.width)}".`);
    }
    if (child.type.name === 'bookmark' && (!isHttpUrl(child.attrs.url) || (child.attrs.icon && !isHttpUrl(child.attrs.icon)))) {
      throw new DocumentContentError(`A bookmark must link to an http(s) address (its icon too), got "${String(child.attrs.url)}".`);
    }
    for (const mark of child.marks) {
      if ((mark.type.name === 'highlight' || mark.type.name === 'textStyle') && mark.attrs.color != null && !isPaletteColor(mark.attrs.color)) {
        throw new DocumentContentError(`Text and highlight colours must be palette names, got "${String(mark.attrs.color)}".`);
      }
      if (mark.type.name === 'link' && !isAllowedLinkUrl(String(mark.attrs.href ?? ''))) {
        throw new DocumentContentError(`Link must be an http(s) or mailto URL, got "${String(mark.attrs.href)}".`);
      }
    }
  });
  return node;
}

/** A new Y.Doc holding the given ProseMirror JSON in DOCUMENT_FIELD. Throws DocumentContentError. */
export function yDocFromJSON(json: unknown): Y.Doc {
  const node = parseDocumentJSON(json);
  return prosemirrorJSONToYDoc(documentSchema, node.toJSON(), DOCUMENT_FIELD);
}

/**
 * The document as ProseMirror JSON. Reads the Yjs tree as-is (never writes to the doc), so it
 * is safe on the server's authoritative copy. An empty doc gives `{ type: 'doc', content: [] }`.
 */
export function yDocToJSON(doc: Y.Doc): JSONContent {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DOCUMENT_FIELD)) as JSONContent;
  return { type: 'doc', content: json.content ?? [] };
}

// Blocks whose text is a unit of its own in plain text (one line each).
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock', 'detailsSummary']);

/** Plain text for search and previews: one line per block, table cells separated by tabs. */
export function yDocToText(doc: Y.Doc): string {
  return documentText(yDocToJSON(doc));
}

/**
 * What search and backlinks need from a document, from one conversion: its plain text and the ids
 * of the pages it links to (links to `/w/<workspace>/p/<page>` on any host), without duplicates,
 * and its first image (a database gallery's card cover).
 */
export function yDocToIndexable(doc: Y.Doc): { text: string; linkedPageIds: string[]; firstImage: string | null } {
  const json = yDocToJSON(doc);
  return { text: documentText(json), linkedPageIds: linkedPageIds(json), firstImage: firstImage(json) };
}

/** Ids of the uploaded files the document uses (images and attachments). */
export function yDocFileIds(doc: Y.Doc): string[] {
  return referencedFileIds(yDocToJSON(doc));
}

function documentText(json: JSONContent): string {
  const lines: string[] = [];
  const visit = (node: JSONContent): void => {
    if (node.type && TEXT_BLOCKS.has(node.type)) {
      lines.push(inlineText(node));
      return;
    }
    if (node.type === 'tableRow') {
      lines.push((node.content ?? []).map((cell) => cellText(cell)).join('\t'));
      return;
    }
    // A database block is found by its title only: its rows are pages of their own, indexed there.
    if (node.type === 'blockMath' || node.type === 'pageLink' || node.type === 'databaseBlock') {
      const value = node.type === 'blockMath' ? node.attrs?.latex : node.attrs?.title;
      if (typeof value === 'string' && value) lines.push(value);
      return;
    }
    // A bookmark is found by its title, description and address.
    if (node.type === 'bookmark') {
      for (const key of ['title', 'description', 'url']) {
        const value = node.attrs?.[key];
        if (typeof value === 'string' && value) lines.push(value);
      }
      return;
    }
    if (node.type === 'image' && typeof node.attrs?.alt === 'string' && node.attrs.alt) {
      lines.push(node.attrs.alt);
      return;
    }
    // An attachment is found by its file name.
    if (node.type === 'fileAttachment' && typeof node.attrs?.name === 'string') {
      lines.push(node.attrs.name);
      return;
    }
    for (const child of node.content ?? []) visit(child);
  };
  visit(json);
  return lines.join('\n').trim();
}

const PAGE_LINK = /\/w\/[0-9a-f-]{36}\/p\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])/i;

function linkedPageIds(json: JSONContent): string[] {
  const ids = new Set<string>();
  const stack: JSONContent[] = [json];
  while (stack.length) {
    const node = stack.pop()!;
    if ((node.type === 'pageLink' || node.type === 'pageMention') && typeof node.attrs?.pageId === 'string' && UUID.test(node.attrs.pageId)) ids.add(node.attrs.pageId.toLowerCase());
    if (node.type === 'databaseBlock' && typeof node.attrs?.databaseId === 'string' && UUID.test(node.attrs.databaseId)) ids.add(node.attrs.databaseId.toLowerCase());
    for (const mark of node.marks ?? []) {
      const href = mark.type === 'link' ? mark.attrs?.href : undefined;
      const id = typeof href === 'string' ? PAGE_LINK.exec(href)?.[1] : undefined;
      if (id) ids.add(id.toLowerCase());
    }
    for (const child of node.content ?? []) stack.push(child);
  }
  return [...ids];
}

function inlineText(node: JSONContent): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  if (node.type === 'inlineMath') return String(node.attrs?.latex ?? '');
  if (node.type === 'personMention') return `@${String(node.attrs?.label ?? '')}`;
  if (node.type === 'pageMention') return String(node.attrs?.title ?? '') || 'Untitled';
  return (node.content ?? []).map(inlineText).join('');
}

function cellText(cell: JSONContent): string {
  return (cell.content ?? []).map(inlineText).join(' ');
}

// One manager per module is fine: it holds only the (immutable) extension registry, no editor state.
let markdownManager: MarkdownManager | undefined;
function markdown(): MarkdownManager {
  markdownManager ??= new MarkdownManager({ extensions: documentExtensions() });
  return markdownManager;
}

/** A new Y.Doc from Markdown (GFM: tables, task lists, links, images). Throws DocumentContentError. */
export function yDocFromMarkdown(source: string): Y.Doc {
  if (typeof source !== 'string') throw new DocumentContentError('Markdown must be a string.');
  let json: JSONContent;
  try {
    json = markdown().parse(source);
  } catch (error) {
    throw new DocumentContentError(`Markdown could not be read: ${(error as Error).message}`);
  }
  if (!json.content || json.content.length === 0) json = { type: 'doc', content: [{ type: 'paragraph' }] };
  return yDocFromJSON(json);
}

/** The document as Markdown (GFM). */
export function yDocToMarkdown(doc: Y.Doc): string {
  return markdown().serialize(yDocToJSON(doc));
}
