// Runs in a thread of the Markdown import pool (src/documents/markdown-import.pool.ts): Markdown →
// ProseMirror JSON through the shared document schema. Plain JavaScript outside src/, so the same
// file serves the built server and the test runs of its TypeScript sources.
import { DocumentContentError, yDocFromMarkdown, yDocToJSON } from '@tandem/editor';

export default function parseMarkdown(markdown) {
  try {
    return { ok: true, json: yDocToJSON(yDocFromMarkdown(markdown)) };
  } catch (err) {
    if (!(err instanceof DocumentContentError)) throw err;
    return { ok: false, reason: 'invalid', message: err.message };
  }
}
