import type { JSONContent } from '@tiptap/core';
import { generateHTML, generateJSON } from '@tiptap/html/server';
import type * as Y from 'yjs';

import { DocumentContentError, yDocFromJSON, yDocToJSON } from './convert.js';
import { documentExtensions } from './schema.js';

// A separate entry point (`@tandem/editor/html`): it loads happy-dom, which the browser never needs.

/** The document as HTML: the schema's own renderHTML, the same markup the editor copies. */
export function yDocToHTML(doc: Y.Doc): string {
  return generateHTML(yDocToJSON(doc), documentExtensions());
}

/**
 * A new Y.Doc from HTML (an export of ours, or Notion/Google Docs/Word HTML): parsed by the
 * schema's parse rules, so unknown markup falls back to paragraphs and text. Throws DocumentContentError.
 */
export function yDocFromHTML(html: string): Y.Doc {
  if (typeof html !== 'string') throw new DocumentContentError('HTML must be a string.');
  let json: JSONContent;
  try {
    json = generateJSON(html, documentExtensions()) as JSONContent;
  } catch (error) {
    throw new DocumentContentError(`HTML could not be read: ${(error as Error).message}`);
  }
  if (!json.content || json.content.length === 0) json = { type: 'doc', content: [{ type: 'paragraph' }] };
  return yDocFromJSON(json);
}
