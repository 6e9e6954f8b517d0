import * as Y from 'yjs';

import {
  DOCUMENT_FIELD,
  DocumentContentError,
  documentSchema,
  yDocFromJSON,
  yDocFromMarkdown,
  yDocToJSON,
  yDocToMarkdown,
  yDocToIndexable,
  yDocToText,
} from '../src/index.js';

const text = (value: string, marks?: object[]) => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const paragraph = (...content: object[]) => ({ type: 'paragraph', content });
const cell = (type: 'tableHeader' | 'tableCell', value: string) => ({
  type,
  attrs: { colspan: 1, rowspan: 1, colwidth: null },
  content: [paragraph(text(value))],
});

const richDocument = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Plan')] },
    paragraph(
      text('See '),
      text('the spec', [{ type: 'link', attrs: { href: 'https://example.com/spec', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } }]),
      text(' and '),
      text('bold', [{ type: 'bold' }]),
    ),
    {
      type: 'taskList',
      content: [
        { type: 'taskItem', attrs: { checked: true }, content: [paragraph(text('write tests'))] },
        { type: 'taskItem', attrs: { checked: false }, content: [paragraph(text('ship it'))] },
      ],
    },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Name'), cell('tableHeader', 'Role')] },
        { type: 'tableRow', content: [cell('tableCell', 'Ada'), cell('tableCell', 'Editor')] },
      ],
    },
    { type: 'image', attrs: { src: 'https://example.com/cat.png', alt: 'A cat', title: null, width: null, height: null } },
    { type: 'horizontalRule' },
    { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const x = 1;')] },
  ],
};

// Compare documents through the schema so default attributes on both sides are filled in alike.
const normalised = (json: object) => documentSchema.nodeFromJSON(json).toJSON();

describe('JSON <-> Y.Doc', () => {
  it('round-trips a document with headings, links, task lists, tables, images and code', () => {
    const doc = yDocFromJSON(richDocument);
    expect(normalised(yDocToJSON(doc))).toEqual(normalised(richDocument));
  });

  it('stores the body in the DOCUMENT_FIELD fragment, so Collaboration and the server read the same thing', () => {
    const doc = yDocFromJSON(richDocument);
    expect(doc.getXmlFragment(DOCUMENT_FIELD).length).toBe(richDocument.content.length);
  });

  it('survives a trip through a binary Yjs update, as it does between server and browser', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(yDocFromJSON(richDocument)));
    expect(normalised(yDocToJSON(copy))).toEqual(normalised(richDocument));
  });

  it('reads an empty Y.Doc as an empty document without writing to it', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(yDocToJSON(doc)).toEqual({ type: 'doc', content: [] });
    expect(yDocToText(doc)).toBe('');
    expect(updates).toHaveLength(0);
  });

  it.each([
    ['a node type the schema does not know', { type: 'doc', content: [{ type: 'kanbanBoard' }] }, /Unknown node type: kanbanBoard/],
    ['a mark the schema does not know', { type: 'doc', content: [paragraph(text('x', [{ type: 'blink' }]))] }, /blink/],
    ['text directly in the doc', { type: 'doc', content: [text('loose')] }, /Invalid content for node doc/],
    ['a top level that is not a doc', { type: 'paragraph', content: [] }, /"type": "doc"/],
    ['an array', [], /must be an object/],
    ['null', null, /must be an object/],
    ['a heading level outside 1-3', { type: 'doc', content: [{ type: 'heading', attrs: { level: 5 }, content: [text('x')] }] }, /Heading level must be one of 1, 2, 3/],
    ['a javascript: link', { type: 'doc', content: [paragraph(text('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]))] }, /Link must be/],
    ['a data: image', { type: 'doc', content: [{ type: 'image', attrs: { src: 'data:image/png;base64,AAAA' } }] }, /Image source must be/],
  ])('rejects %s with a DocumentContentError', (_name, json, message) => {
    expect(() => yDocFromJSON(json)).toThrow(DocumentContentError);
    expect(() => yDocFromJSON(json)).toThrow(message);
  });
});

describe('Markdown <-> Y.Doc', () => {
  const markdown = [
    '# Launch notes',
    '',
    'Read [the brief](https://example.com/brief) **first**.',
    '',
    '- [x] book the room',
    '- [ ] send invites',
    '',
    '| Who | What |',
    '| --- | --- |',
    '| Ada | Slides |',
    '',
    '> Ship small.',
    '',
    '1. one',
    '2. two',
  ].join('\n');

  it('reads GFM into the schema: headings, links, task lists, tables, quotes, ordered lists', () => {
    const json = yDocToJSON(yDocFromMarkdown(markdown));
    const types = (json.content ?? []).map((node) => node.type);
    expect(types).toEqual(['heading', 'paragraph', 'taskList', 'table', 'blockquote', 'orderedList']);
    const link = json.content?.[1]?.content?.find((node) => node.marks?.some((mark) => mark.type === 'link'));
    expect(link?.text).toBe('the brief');
    expect(link?.marks?.[0]?.attrs?.href).toBe('https://example.com/brief');
    expect(json.content?.[2]?.content?.map((item) => item.attrs?.checked)).toEqual([true, false]);
  });

  it('gives plain text for search, one line per block and tab-separated table cells', () => {
    expect(yDocToText(yDocFromMarkdown(markdown))).toBe(
      ['Launch notes', 'Read the brief first.', 'book the room', 'send invites', 'Who\tWhat', 'Ada\tSlides', 'Ship small.', 'one', 'two'].join('\n'),
    );
  });

  it('writes Markdown that reads back to the same document', () => {
    const first = yDocFromMarkdown(markdown);
    const again = yDocFromMarkdown(yDocToMarkdown(first));
    expect(normalised(yDocToJSON(again))).toEqual(normalised(yDocToJSON(first)));
    expect(yDocToMarkdown(first)).toContain('- [x] book the room');
    expect(yDocToMarkdown(first)).toContain('[the brief](https://example.com/brief)');
  });

  it('turns empty Markdown into a document with one empty paragraph', () => {
    expect(yDocToJSON(yDocFromMarkdown(''))).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });

  it('refuses Markdown with a javascript: link rather than storing it', () => {
    expect(() => yDocFromMarkdown('[x](javascript:alert(1))')).toThrow(DocumentContentError);
  });
});

describe('yDocToIndexable', () => {
  it('gives the text and the ids of linked pages, once each, on any host', () => {
    const a = '0190a3c4-1111-7000-8000-000000000001';
    const b = '0190a3c4-2222-7000-8000-000000000002';
    const ws = '0190a3c4-0000-7000-8000-0000000000ff';
    const link = (href: string) => [{ type: 'link', attrs: { href } }];
    const doc = yDocFromJSON({
      type: 'doc',
      content: [
        paragraph(text('See '), text('the plan', link(`https://tandem.example/w/${ws}/p/${a}`)), text(' and '), text('again', link(`http://localhost:3000/w/${ws}/p/${a}#x`))),
        paragraph(text('notes', link(`https://tandem.example/w/${ws}/p/${b.toUpperCase()}`)), text(' '), text('elsewhere', link('https://example.com/p/x'))),
      ],
    });
    const indexable = yDocToIndexable(doc);
    expect(indexable.text).toBe(yDocToText(doc));
    expect(indexable.linkedPageIds.sort()).toEqual([a, b]);
  });
});

describe('mentions in the page', () => {
  const ws = '0190a3c4-0000-7000-8000-0000000000ff';
  const target = '0190a3c4-3333-7000-8000-000000000003';
  const person = '0190a3c4-4444-7000-8000-000000000004';
  const doc = () =>
    yDocFromJSON({
      type: 'doc',
      content: [
        paragraph(
          text('Ask '),
          { type: 'personMention', attrs: { id: person, label: 'Mel' } },
          text(' about '),
          { type: 'pageMention', attrs: { pageId: target, workspaceId: ws, title: 'Q3 plan' } },
        ),
      ],
    });

  it('keep their attributes through Yjs and JSON', () => {
    expect(yDocToJSON(doc()).content?.[0]?.content?.filter((n) => n.type !== 'text')).toEqual([
      { type: 'personMention', attrs: { id: person, label: 'Mel' } },
      { type: 'pageMention', attrs: { pageId: target, workspaceId: ws, title: 'Q3 plan' } },
    ]);
  });

  it('read as "@name" and the page title in text and search; a page mention is a backlink', () => {
    expect(yDocToText(doc())).toBe('Ask @Mel about Q3 plan');
    expect(yDocToIndexable(doc())).toEqual({ text: 'Ask @Mel about Q3 plan', linkedPageIds: [target], firstImage: null });
  });

  it('export to Markdown as "@name" and a link to the page', () => {
    expect(yDocToMarkdown(doc()).trim()).toBe(`Ask @Mel about [Q3 plan](/w/${ws}/p/${target})`);
  });
});
