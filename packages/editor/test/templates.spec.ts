import * as Y from 'yjs';

import { BUILTIN_TEMPLATES, builtinTemplate, parseDocumentJSON, yDocFromJSON, yDocToJSON, yDocToMarkdown } from '../src/index.js';

describe('built-in templates', () => {
  it('are the three the issue names, with distinct keys, a title and an icon', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.key)).toEqual(['meeting-notes', 'project-brief', 'weekly-plan']);
    for (const t of BUILTIN_TEMPLATES) {
      expect(t.title.length).toBeGreaterThan(0);
      expect(t.icon.length).toBeGreaterThan(0);
      expect(builtinTemplate(t.key)).toBe(t);
    }
    expect(builtinTemplate('nope')).toBeUndefined();
  });

  it.each(BUILTIN_TEMPLATES.map((t) => [t.key, t] as const))('%s fits the document schema and survives a Yjs round trip', (_key, t) => {
    // parseDocumentJSON throws DocumentContentError for anything outside the schema (the server's check).
    const node = parseDocumentJSON(t.content);
    const types = new Set<string>();
    node.descendants((n) => void types.add(n.type.name));
    for (const block of ['heading', 'taskList', 'callout', 'details']) expect(types.has(block)).toBe(true);
    const doc: Y.Doc = yDocFromJSON(t.content);
    try {
      // The same blocks come back out of the shared document (mark attrs may gain defaults).
      expect(yDocToJSON(doc).content?.map((b) => b.type)).toEqual(node.toJSON().content.map((b: { type: string }) => b.type));
      expect(yDocToMarkdown(doc)).toContain('## ');
    } finally {
      doc.destroy();
    }
  });
});
