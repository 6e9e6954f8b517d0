import { Editor } from '@tiptap/core';
import * as Y from 'yjs';

import {
  DocumentContentError,
  type SlashCommandRequests,
  defaultSlashCommands,
  documentExtensions,
  documentSchema,
  yDocFromJSON,
  yDocFromMarkdown,
  yDocToJSON,
  yDocToMarkdown,
  yDocToText,
} from '../src/index.js';
import { yDocFromHTML, yDocToHTML } from '../src/html.js';

const text = (value: string) => ({ type: 'text', text: value });
const paragraph = (value: string) => ({ type: 'paragraph', content: [text(value)] });
const column = (width: number, ...content: object[]) => ({ type: 'column', attrs: { width }, content });
const doc = (...content: object[]) => ({ type: 'doc', content });
const row = { type: 'columns', content: [column(2, { type: 'heading', attrs: { level: 2 }, content: [text('Pros')] }, paragraph('Fast')), column(1, paragraph('Cons')), column(1.5, { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('Later')] }] })] };
const normalised = (json: object) => documentSchema.nodeFromJSON(json).toJSON();

describe('columns block', () => {
  it('round-trips through Yjs and HTML with each column’s width', () => {
    const json = doc(paragraph('Intro'), row);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(yDocFromJSON(json)));
    expect(normalised(yDocToJSON(copy))).toEqual(normalised(json));
    const html = yDocToHTML(yDocFromJSON(json));
    expect(html).toContain('<div data-type="columns"><div data-type="column" data-width="2"');
    expect(normalised(yDocToJSON(yDocFromHTML(html)))).toEqual(normalised(json));
  });

  it('writes Markdown as the columns’ blocks left to right (Markdown has no columns), which reads back as plain blocks', () => {
    const markdown = yDocToMarkdown(yDocFromJSON(doc(paragraph('Intro'), row, paragraph('After'))));
    expect(markdown).toBe('Intro\n\n## Pros\n\nFast\n\nCons\n\n- Later\n\nAfter');
    expect(yDocToJSON(yDocFromMarkdown(markdown)).content?.map((node) => node.type)).toEqual(['paragraph', 'heading', 'paragraph', 'paragraph', 'bulletList', 'paragraph']);
  });

  it('allows 2 to 4 columns with a positive width, nothing else', () => {
    expect(() => yDocFromJSON(doc({ type: 'columns', content: [column(1, paragraph('alone'))] }))).toThrow(DocumentContentError);
    expect(() => yDocFromJSON(doc({ type: 'columns', content: Array.from({ length: 5 }, () => column(1, paragraph('x'))) }))).toThrow(DocumentContentError);
    expect(() => yDocFromJSON(doc({ type: 'columns', content: [column(-1, paragraph('a')), column(1, paragraph('b'))] }))).toThrow(/width/);
    expect(() => yDocFromJSON(doc(column(1, paragraph('a'))))).toThrow(DocumentContentError);
  });

  it('puts every column’s words into the search text', () => {
    expect(yDocToText(yDocFromJSON(doc(row))).split('\n')).toEqual(['Pros', 'Fast', 'Cons', 'Later']);
  });

  it('is inserted from the slash menu with 2, 3 or 4 empty columns', async () => {
    const refuse: SlashCommandRequests = { requestImageUrl: async () => null, requestLatex: async () => null, requestPageLink: async () => null, requestEmbedUrl: async () => null, requestBookmark: async () => null, requestTemplatePage: async () => null };
    for (const count of [2, 3, 4]) {
      const editor = new Editor({ element: null, extensions: documentExtensions(), content: doc(paragraph('/col')) });
      await defaultSlashCommands().find((c) => c.id === `columns${count}`)!.run({ editor, range: { from: 1, to: 5 }, ...refuse });
      const inserted = editor.getJSON().content?.find((node) => node.type === 'columns') as { content?: { attrs?: { width?: number }; content?: { type?: string }[] }[] } | undefined;
      expect(inserted?.content).toHaveLength(count);
      expect(inserted?.content?.every((c) => c.attrs?.width === 1 && c.content?.[0]?.type === 'paragraph')).toBe(true);
      editor.destroy();
    }
  });

  it('two people typing in different columns at once converge (Yjs)', () => {
    const ada = yDocFromJSON(doc({ type: 'columns', content: [column(1, paragraph('left')), column(1, paragraph('right'))] }));
    const bob = new Y.Doc();
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(ada));
    const textIn = (d: Y.Doc, index: number) => (((d.getXmlFragment('default').get(0) as Y.XmlElement).get(index) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    textIn(ada, 0).insert(4, ' by Ada');
    textIn(bob, 1).insert(5, ' by Bob');
    (((bob.getXmlFragment('default').get(0) as Y.XmlElement).get(1)) as Y.XmlElement).setAttribute('width', 3 as unknown as string);
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(ada, Y.encodeStateVector(bob)));
    Y.applyUpdate(ada, Y.encodeStateAsUpdate(bob, Y.encodeStateVector(ada)));
    expect(yDocToJSON(ada)).toEqual(yDocToJSON(bob));
    expect(normalised(yDocToJSON(ada))).toEqual(normalised(doc({ type: 'columns', content: [column(1, paragraph('left by Ada')), column(3, paragraph('right by Bob'))] })));
  });
});
