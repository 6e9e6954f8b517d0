import { Editor } from '@tiptap/core';
import * as Y from 'yjs';

import {
  type BookmarkAttributes,
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

const card: BookmarkAttributes = {
  url: 'https://example.com/posts/42?ref=a&b=c',
  title: 'Say "hello" {to} the R&D team',
  description: 'A post about collaborative editing.',
  icon: 'https://example.com/favicon.ico',
  siteName: 'Example',
};
const doc = (...content: object[]) => ({ type: 'doc', content });
const bookmark = (attrs: Partial<BookmarkAttributes>) => ({ type: 'bookmark', attrs: { url: '', title: '', description: '', icon: '', siteName: '', ...attrs } });
const normalised = (json: object) => documentSchema.nodeFromJSON(json).toJSON();

describe('bookmark block', () => {
  const json = doc({ type: 'paragraph', content: [{ type: 'text', text: 'Read:' }] }, bookmark(card), bookmark({ url: 'https://bare.example/' }));

  it('round-trips through Yjs, Markdown (quotes, braces and ampersands kept) and HTML', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(yDocFromJSON(json)));
    expect(normalised(yDocToJSON(copy))).toEqual(normalised(json));
    const markdown = yDocToMarkdown(yDocFromJSON(json));
    expect(markdown).toContain(':::bookmark {url="https://example.com/posts/42?ref=a&amp;b=c" title="Say &quot;hello&quot; {to&#125; the R&amp;D team"');
    expect(normalised(yDocToJSON(yDocFromMarkdown(markdown)))).toEqual(normalised(json));
    expect(normalised(yDocToJSON(yDocFromHTML(yDocToHTML(yDocFromJSON(json)))))).toEqual(normalised(json));
  });

  it('renders a link card that opens in a new tab, named by its host when it has no title', () => {
    const html = yDocToHTML(yDocFromJSON(json));
    expect(html).toContain('<a data-type="bookmark" href="https://example.com/posts/42?ref=a&amp;b=c" target="_blank" rel="noopener noreferrer nofollow"');
    expect(html).toContain('<span data-bookmark-title="">bare.example</span>');
    expect(html).toContain('<img src="https://example.com/favicon.ico"');
  });

  it('refuses links and icons that are not http(s)', () => {
    expect(() => yDocFromJSON(doc(bookmark({ url: 'javascript:alert(1)' })))).toThrow(DocumentContentError);
    expect(() => yDocFromJSON(doc(bookmark({ url: 'https://example.com/', icon: 'data:image/png;base64,AAAA' })))).toThrow(/http\(s\)/);
    expect(yDocToJSON(yDocFromHTML('<a data-type="bookmark" href="javascript:alert(1)">x</a>')).content?.some((n) => n.type === 'bookmark')).toBe(false);
  });

  it('puts its title, description and address into the search text', () => {
    expect(yDocToText(yDocFromJSON(json)).split('\n')).toEqual(['Read:', card.title, card.description, card.url, 'https://bare.example/']);
  });

  it('is inserted from the slash menu with the preview the app fetched, and not when cancelled', async () => {
    const refuse: SlashCommandRequests = { requestImageUrl: async () => null, requestLatex: async () => null, requestPageLink: async () => null, requestEmbedUrl: async () => null, requestBookmark: async () => null, requestTemplatePage: async () => null };
    const command = defaultSlashCommands().find((c) => c.id === 'bookmark')!;
    const run = async (requestBookmark: SlashCommandRequests['requestBookmark']) => {
      const editor = new Editor({ element: null, extensions: documentExtensions(), content: doc({ type: 'paragraph', content: [{ type: 'text', text: '/book' }] }) });
      await command.run({ editor, range: { from: 1, to: 6 }, ...refuse, requestBookmark });
      const out = editor.getJSON().content ?? [];
      editor.destroy();
      return out;
    };
    expect((await run(async () => card)).find((n) => n.type === 'bookmark')?.attrs).toEqual(card);
    expect((await run(async () => null)).some((n) => n.type === 'bookmark')).toBe(false);
  });
});
