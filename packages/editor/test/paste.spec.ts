import type { JSONContent } from '@tiptap/core';
import { generateJSON } from '@tiptap/html/server';
import { Window } from 'happy-dom';

import { cleanForeignHTMLString, documentExtensions, yDocFromJSON, yDocToJSON } from '../src/index.js';
import { yDocFromHTML } from '../src/html.js';
import { GOOGLE_DOCS_HTML, GOOGLE_DOCS_MARKS, GOOGLE_DOCS_OUTLINE, NOTION_HTML, WORD_HTML, WORD_MARKS, WORD_OUTLINE, marksOf, outline, textOf } from './fixtures/paste.js';

// What a paste gives: the same cleaning the editor's transformPastedHTML runs, then the schema's
// parse rules (as ProseMirror's clipboard parser applies them).
function pasted(html: string): JSONContent {
  const window = new Window();
  const cleaned = cleanForeignHTMLString(html, new window.DOMParser() as unknown as DOMParser);
  return generateJSON(cleaned, documentExtensions()) as JSONContent;
}

const allText = (node: JSONContent) => JSON.stringify(node);

describe('paste from Google Docs', () => {
  const doc = pasted(GOOGLE_DOCS_HTML);

  it('keeps headings, nested lists, a checklist, and drops the separators and empty lines', () => {
    expect(outline(doc)).toEqual(GOOGLE_DOCS_OUTLINE);
  });

  it('keeps bold and italic, not the wrapper’s "normal" bold, and drops off-palette colours', () => {
    expect(marksOf(doc)).toEqual(GOOGLE_DOCS_MARKS);
    expect(allText(doc)).not.toMatch(/style|#ff0000|data:image/);
  });

  it('imports the same as it pastes', () => {
    expect(yDocToJSON(yDocFromHTML(GOOGLE_DOCS_HTML))).toEqual(yDocToJSON(yDocFromJSON(doc)));
  });
});

describe('paste from Microsoft Word', () => {
  const doc = pasted(WORD_HTML);

  it('turns list paragraphs into nested bullet and numbered lists without their glyphs', () => {
    expect(outline(doc)).toEqual(WORD_OUTLINE);
    expect(allText(doc)).not.toMatch(/·|Normal|mso|o:p|StartFragment|Calibri/);
  });

  it('keeps bold and italic, drops Word’s colours', () => {
    expect(marksOf(doc)).toEqual(WORD_MARKS);
  });

  it('imports the same as it pastes', () => {
    expect(yDocToJSON(yDocFromHTML(WORD_HTML))).toEqual(yDocToJSON(yDocFromJSON(doc)));
  });
});

describe('paste from Notion', () => {
  it('keeps the callout, the toggle (not a bullet) and the code block with its language', () => {
    const doc = pasted(NOTION_HTML);
    expect(doc.content?.map((node) => node.type)).toEqual(['heading', 'callout', 'details', 'codeBlock', 'paragraph']);
    expect(doc.content?.[1]).toMatchObject({ attrs: { emoji: '💡' } });
    expect(textOf(doc.content![2]!)).toBe('Open questionsWho owns the launch?');
    expect(doc.content?.[3]).toMatchObject({ attrs: { language: 'javascript' }, content: [{ text: 'const ready = true;' }] });
  });
});

describe('our own clipboard HTML', () => {
  it('is left alone, empty paragraphs included', () => {
    const html = '<p data-pm-slice="0 0 []">One</p><p></p><p>Two</p>';
    const doc = pasted(html);
    expect(doc.content?.map((node) => node.type)).toEqual(['paragraph', 'paragraph', 'paragraph']);
  });
});
