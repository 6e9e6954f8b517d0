// Runs in a thread of the Markdown import pool (src/documents/markdown-import.pool.ts): Markdown →
// ProseMirror JSON through the shared document schema, or HTML → Markdown (HTML imports go
// through the Markdown path after, so their links and images are resolved the same way). Plain
// JavaScript outside src/, so the same file serves the built server and the test runs of its
// TypeScript sources.
import { DocumentContentError, yDocFromMarkdown, yDocToJSON, yDocToMarkdown } from '@tandem/editor';

export default async function parseMarkdown(input) {
  try {
    if (typeof input === 'object' && input !== null && typeof input.html === 'string') {
      // Loaded on first use: happy-dom is heavy, and a thread that only parses Markdown (the
      // common case, under the same time limit) should not pay for it at start.
      const { yDocFromHTML } = await import('@tandem/editor/html');
      return { ok: true, markdown: yDocToMarkdown(yDocFromHTML(input.html)) };
    }
    return { ok: true, json: yDocToJSON(yDocFromMarkdown(input)) };
  } catch (err) {
    if (!(err instanceof DocumentContentError)) throw err;
    return { ok: false, reason: 'invalid', message: err.message };
  }
}
