import * as Y from 'yjs';
import { Editor } from '@tiptap/core';

import { DocumentContentError, documentExtensions, documentSchema, yDocFromJSON, yDocToIndexable, yDocToJSON, yDocToMarkdown } from '../src/index.js';
import { yDocFromHTML, yDocToHTML } from '../src/html.js';

const DATABASE = '44444444-4444-4444-8444-444444444444';
const WORKSPACE = '22222222-2222-4222-8222-222222222222';
const block = (attrs: object = {}) => ({ type: 'databaseBlock', attrs: { databaseId: DATABASE, workspaceId: WORKSPACE, viewId: 'board_1', title: 'Tasks [Q3]', ...attrs } });
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const doc = (...content: object[]) => ({ type: 'doc', content });
const normalised = (json: object) => documentSchema.nodeFromJSON(json).toJSON();

describe('the database block', () => {
  it('is an atom block in the schema, carrying only the reference, the view and the title', () => {
    const type = documentSchema.nodes.databaseBlock!;
    expect(type.isAtom).toBe(true);
    expect(type.isBlock).toBe(true);
    expect(Object.keys(type.spec.attrs ?? {}).sort()).toEqual(['databaseId', 'title', 'viewId', 'workspaceId']);
  });

  it('stores through a binary Yjs update unchanged', () => {
    const json = doc(paragraph('Before'), block(), paragraph('After'));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(yDocFromJSON(json)));
    expect(normalised(yDocToJSON(copy))).toEqual(normalised(json));
  });

  it('refuses blocks that point at no page, or carry a view id that is not an id', () => {
    expect(() => yDocFromJSON(doc(block({ databaseId: 'abc' })))).toThrow(DocumentContentError);
    expect(() => yDocFromJSON(doc(block({ workspaceId: '' })))).toThrow(DocumentContentError);
    expect(() => yDocFromJSON(doc(block({ viewId: '"><script>' })))).toThrow(/view id/);
    expect(() => yDocFromJSON(doc(block({ viewId: null })))).not.toThrow();
  });

  it('round-trips through HTML (the clipboard’s format, and HTML import) with its view and title', () => {
    const json = doc(block());
    const html = yDocToHTML(yDocFromJSON(json));
    expect(html).toContain(`<a data-type="database-block" href="/w/${WORKSPACE}/p/${DATABASE}"`);
    expect(html).toContain('data-view-id="board_1"');
    expect(html).toContain('>Tasks [Q3]</a>');
    expect(normalised(yDocToJSON(yDocFromHTML(html)))).toEqual(normalised(json));
  });

  it('exports to Markdown as a link to the database page with its title', () => {
    const markdown = yDocToMarkdown(yDocFromJSON(doc(paragraph('Our work:'), block())));
    expect(markdown).toContain(`[Tasks \\[Q3\\]](/w/${WORKSPACE}/p/${DATABASE})`);
    expect(markdown).not.toContain('databaseBlock');
    // An untitled one still says what it is.
    expect(yDocToMarkdown(yDocFromJSON(doc(block({ title: '' }))))).toContain(`[Untitled database](/w/${WORKSPACE}/p/${DATABASE})`);
  });

  it('gives search the title and backlinks the database, never the rows', () => {
    const indexable = yDocToIndexable(yDocFromJSON(doc(paragraph('Plan'), block())));
    expect(indexable.text).toBe('Plan\nTasks [Q3]');
    expect(indexable.linkedPageIds).toEqual([DATABASE]);
  });

  it('is removed like any block (the database itself is not touched: it is another page)', () => {
    const editor = new Editor({ extensions: documentExtensions(), content: doc(paragraph('x'), block()) });
    const at = editor.state.doc.child(0).nodeSize;
    expect(editor.chain().setNodeSelection(at).deleteSelection().run()).toBe(true);
    expect(editor.getJSON().content?.some((n) => n.type === 'databaseBlock')).toBe(false);
    editor.destroy();
  });
});
