import * as Y from 'yjs';

import {
  DocumentContentError,
  PALETTE,
  documentHeadings,
  documentSchema,
  yDocFromJSON,
  yDocFromMarkdown,
  yDocToIndexable,
  yDocToJSON,
  yDocToMarkdown,
  yDocToText,
} from '../src/index.js';
import { yDocFromHTML, yDocToHTML } from '../src/html.js';

const text = (value: string, marks?: object[]) => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const paragraph = (...content: object[]) => ({ type: 'paragraph', content });
const PAGE = '11111111-1111-4111-8111-111111111111';
const WORKSPACE = '22222222-2222-4222-8222-222222222222';

const callout = { type: 'callout', attrs: { emoji: '🚀', color: 'blue' }, content: [paragraph(text('Ship on Friday')), { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('tests green'))] }] }] };
const toggle = {
  type: 'details',
  content: [
    { type: 'detailsSummary', content: [text('Why we chose Yjs')] },
    { type: 'detailsContent', content: [paragraph(text('Offline edits merge.')), { type: 'codeBlock', attrs: { language: 'bash' }, content: [text('npm test')] }] },
  ],
};
const code = { type: 'codeBlock', attrs: { language: 'typescript' }, content: [text('const answer: number = 42;')] };
const inlineMath = { type: 'inlineMath', attrs: { latex: 'E = mc^2' } };
const blockMath = { type: 'blockMath', attrs: { latex: '\\int_0^1 x\\,dx = \\frac{1}{2}' } };
const toc = { type: 'tableOfContents' };
const pageLink = { type: 'pageLink', attrs: { pageId: PAGE, workspaceId: WORKSPACE, title: 'Roadmap' } };
const coloured = paragraph(
  text('Red text', [{ type: 'textStyle', attrs: { color: 'red' } }]),
  text(' then '),
  text('marked', [{ type: 'highlight', attrs: { color: 'yellow' } }]),
  text(' and '),
  inlineMath,
);

const everyBlock = { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 }, content: [text('Plan')] }, toc, callout, toggle, code, coloured, blockMath, pageLink] };

const normalised = (json: object) => documentSchema.nodeFromJSON(json).toJSON();
const roundTripMarkdown = (json: object) => yDocToJSON(yDocFromMarkdown(yDocToMarkdown(yDocFromJSON(json))));
const roundTripHTML = (json: object) => yDocToJSON(yDocFromHTML(yDocToHTML(yDocFromJSON(json))));

describe('blocks in the document schema', () => {
  it('stores every block through a binary Yjs update unchanged', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(yDocFromJSON(everyBlock)));
    expect(normalised(yDocToJSON(copy))).toEqual(normalised(everyBlock));
  });

  it('keeps a toggle’s open state out of the document (each viewer opens it for themselves)', () => {
    expect(Object.keys(documentSchema.nodes.details!.spec.attrs ?? {})).not.toContain('open');
  });

  it('round-trips every block and mark through HTML, colours included', () => {
    expect(normalised(roundTripHTML(everyBlock))).toEqual(normalised(everyBlock));
  });

  it.each([
    ['callout (emoji, colour, nested list)', callout],
    ['toggle with nested code', toggle],
    ['code block with its language', code],
    ['block math', blockMath],
    ['table of contents', toc],
    ['page link', pageLink],
    ['inline math and a highlight', paragraph(text('see '), inlineMath, text(' and '), text('this', [{ type: 'highlight', attrs: { color: 'yellow' } }]))],
  ])('round-trips a %s through Markdown', (_name, block) => {
    const json = { type: 'doc', content: [block] };
    expect(normalised(roundTripMarkdown(json))).toEqual(normalised(json));
  });

  it('writes readable Markdown: fenced divs, fenced code with language, $ math, ==highlight==', () => {
    const markdown = yDocToMarkdown(yDocFromJSON(everyBlock));
    expect(markdown).toContain(':::callout {emoji="🚀" color="blue"}');
    expect(markdown).toContain('```typescript\nconst answer: number = 42;\n```');
    expect(markdown).toContain('$E = mc^2$');
    expect(markdown).toContain('$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$');
    expect(markdown).toContain('==marked==');
    expect(markdown).toContain(':::toc');
  });

  it('drops text colour in Markdown (it has none) but keeps the text', () => {
    const json = roundTripMarkdown({ type: 'doc', content: [coloured] });
    expect(yDocToText(yDocFromJSON(json))).toBe('Red text then marked and E = mc^2');
  });

  it('does not read prices as math when importing Markdown', () => {
    const json = yDocToJSON(yDocFromMarkdown('It costs $5 and $10 today, but $x^2$ is math.'));
    const inline = json.content?.[0]?.content ?? [];
    expect(inline.filter((node) => node.type === 'inlineMath').map((node) => node.attrs?.latex)).toEqual(['x^2']);
    expect(yDocToText(yDocFromJSON(json))).toContain('It costs $5 and $10 today');
  });

  it('puts every block’s words into the search text, and page links into backlinks', () => {
    const { text: searchText, linkedPageIds } = yDocToIndexable(yDocFromJSON(everyBlock));
    expect(searchText.split('\n')).toEqual([
      'Plan',
      'Ship on Friday',
      'tests green',
      'Why we chose Yjs',
      'Offline edits merge.',
      'npm test',
      'const answer: number = 42;',
      'Red text then marked and E = mc^2',
      '\\int_0^1 x\\,dx = \\frac{1}{2}',
      'Roadmap',
    ]);
    expect(linkedPageIds).toEqual([PAGE]);
  });

  it('lists the headings a table of contents shows, in order', () => {
    const doc = documentSchema.nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [text('One')] },
        toc,
        callout,
        { type: 'heading', attrs: { level: 3 }, content: [text('Three')] },
      ],
    });
    expect(documentHeadings(doc).map(({ level, text: t }) => [level, t])).toEqual([
      [1, 'One'],
      [3, 'Three'],
    ]);
  });

  it.each([
    ['a callout colour outside the palette', { ...callout, attrs: { emoji: '🚀', color: '#ff0000' } }, /Callout colour/],
    ['a callout "emoji" that is a sentence', { ...callout, attrs: { emoji: 'hello there', color: 'blue' } }, /single emoji/],
    ['a page link without ids', { type: 'pageLink', attrs: { pageId: 'nope', workspaceId: WORKSPACE, title: 'x' } }, /page and workspace ids/],
    ['a text colour outside the palette', paragraph(text('x', [{ type: 'textStyle', attrs: { color: 'rgb(1,2,3)' } }])), /palette names/],
    ['a toggle without its summary', { type: 'details', content: [{ type: 'detailsContent', content: [paragraph(text('x'))] }] }, /does not fit the schema/],
  ])('rejects %s', (_name, block, message) => {
    expect(() => yDocFromJSON({ type: 'doc', content: [block] })).toThrow(DocumentContentError);
    expect(() => yDocFromJSON({ type: 'doc', content: [block] })).toThrow(message);
  });
});

describe('HTML from other tools', () => {
  it('reads a Notion callout and keeps only palette colours from pasted HTML', () => {
    const html = [
      '<figure class="callout"><div><span class="icon">⚠️</span></div><div><p>Careful</p></div></figure>',
      '<p><span style="color: rgb(12, 34, 56)">Docs colour</span> <span data-color="green">ours</span> <mark style="background-color:#123456">hl</mark></p>',
      '<details><summary>Open me</summary><p>Inside</p></details>',
    ].join('');
    const json = yDocToJSON(yDocFromHTML(html));
    expect(json.content?.[0]).toMatchObject({ type: 'callout', attrs: { emoji: '⚠️', color: 'gray' } });
    const marks = (json.content?.[1]?.content ?? []).map((node) => node.marks?.map((mark) => [mark.type, mark.attrs?.color]) ?? []);
    expect(marks).toEqual([[], [['textStyle', 'green']], [], [['highlight', 'yellow']]]);
    expect(json.content?.[2]?.type).toBe('details');
    expect(yDocToText(yDocFromJSON(json))).toContain('Open me\nInside');
  });

  it('gives every palette colour a CSS variable in HTML, so the theme decides the shade', () => {
    const html = yDocToHTML(yDocFromJSON({ type: 'doc', content: [paragraph(...PALETTE.map((color) => text(color, [{ type: 'textStyle', attrs: { color } }])))] }));
    for (const color of PALETTE) expect(html).toContain(`color: var(--tandem-text-${color})`);
  });
});
