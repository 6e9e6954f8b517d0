import type { JSONContent } from '@tiptap/core';
import { generateHTML, generateJSON } from '@tiptap/html/server';
import { Window } from 'happy-dom';
import type * as Y from 'yjs';

import { DocumentContentError, yDocFromJSON, yDocToJSON } from './convert.js';
import { cleanForeignHTMLString } from './paste.js';
import { documentExtensions } from './schema.js';

// A separate entry point (`@tandem/editor/html`): it loads happy-dom, which the browser never needs.

/** The document as HTML: the schema's own renderHTML, the same markup the editor copies. */
export function yDocToHTML(doc: Y.Doc): string {
  return generateHTML(yDocToJSON(doc), documentExtensions());
}

/**
 * A new Y.Doc from HTML (an export of ours, or Notion/Google Docs/Word HTML): parsed by the
 * schema's parse rules, so unknown markup falls back to paragraphs and text. Other apps' markup is
 * reshaped first by the same function the editor runs on paste, so import and paste agree.
 * Throws DocumentContentError.
 */
export function yDocFromHTML(html: string): Y.Doc {
  if (typeof html !== 'string') throw new DocumentContentError('HTML must be a string.');
  let json: JSONContent;
  try {
    const window = new Window();
    const cleaned = cleanForeignHTMLString(html, new window.DOMParser() as unknown as DOMParser);
    void window.happyDOM.close();
    json = generateJSON(cleaned, documentExtensions()) as JSONContent;
  } catch (error) {
    throw new DocumentContentError(`HTML could not be read: ${(error as Error).message}`);
  }
  if (!json.content || json.content.length === 0) json = { type: 'doc', content: [{ type: 'paragraph' }] };
  return yDocFromJSON(json);
}
