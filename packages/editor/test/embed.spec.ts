import { Editor } from '@tiptap/core';
import * as Y from 'yjs';

import {
  DocumentContentError,
  EMBED_FRAME_ORIGINS,
  EMBED_SANDBOX,
  PastedLinkOffer,
  type PastedLink,
  type SlashCommandRequests,
  defaultSlashCommands,
  documentExtensions,
  documentSchema,
  embedFromUrl,
  replacePastedLink,
  yDocFromJSON,
  yDocFromMarkdown,
  yDocToJSON,
  yDocToMarkdown,
} from '../src/index.js';
import { yDocFromHTML, yDocToHTML } from '../src/html.js';

const YT = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ';
const embed = (src: string, provider: string) => ({ type: 'embed', attrs: { provider, src } });
const doc = (...content: object[]) => ({ type: 'doc', content });
const normalised = (json: object) => documentSchema.nodeFromJSON(json).toJSON();

describe('embed allow-list', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'youtube', YT],
    ['https://youtu.be/dQw4w9WgXcQ', 'youtube', YT],
    ['http://m.youtube.com/shorts/dQw4w9WgXcQ', 'youtube', YT],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'youtube', YT],
    ['https://vimeo.com/76979871', 'vimeo', 'https://player.vimeo.com/video/76979871'],
    ['https://player.vimeo.com/video/76979871?h=abc', 'vimeo', 'https://player.vimeo.com/video/76979871'],
    [
      'https://www.figma.com/design/AbCdEf1234567890/Checkout?node-id=12-34&t=xyz',
      'figma',
      `https://www.figma.com/embed?embed_host=tandem&url=${encodeURIComponent('https://www.figma.com/design/AbCdEf1234567890?node-id=12-34')}`,
    ],
    ['https://www.loom.com/share/0123456789abcdef0123456789ABCDEF', 'loom', 'https://www.loom.com/embed/0123456789abcdef0123456789abcdef'],
    ['https://www.google.com/maps/place/Eiffel+Tower/@48.8583701,2.2944813,17z', 'googleMaps', 'https://www.google.com/maps?q=Eiffel+Tower&output=embed'],
    ['https://www.google.com/maps/@48.85,2.29,15z', 'googleMaps', 'https://www.google.com/maps?q=48.85%2C2.29&z=15&output=embed'],
    ['https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2624.99!2d2.29!3d48.85', 'googleMaps', 'https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2624.99!2d2.29!3d48.85'],
    ['https://codepen.io/team/pen/abcDEF1', 'codepen', 'https://codepen.io/team/embed/abcDEF1?default-tab=result'],
  ])('turns %s into the %s player', (url, provider, src) => {
    expect(embedFromUrl(url)).toEqual({ provider, src });
    // The player's address is a fixed point: it parses to itself (what the schema checks).
    expect(embedFromUrl(src)).toEqual({ provider, src });
  });

  it.each([
    'https://example.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ',
    'javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ',
    'data:text/html,<script>alert(1)</script>',
    'https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ',
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/redirect?q=https://evil.example',
    'https://vimeo.com/channels/staffpicks',
    'https://www.figma.com/embed?url=https://evil.example/file/AbCdEf1234567890',
    'https://www.google.com/search?q=maps',
    'https://www.google.com/maps/embed?pb=!1m18&next=https://evil.example',
    'https://codepen.io/team/pen/abc/extra',
    'not a url',
  ])('refuses %s', (url) => {
    expect(embedFromUrl(url)).toBeNull();
  });

  it('frames players from the listed origins only', () => {
    for (const url of ['https://youtu.be/dQw4w9WgXcQ', 'https://vimeo.com/1', 'https://www.loom.com/share/0123456789abcdef0123456789abcdef', 'https://codepen.io/a/pen/abc']) {
      expect(EMBED_FRAME_ORIGINS).toContain(new URL(embedFromUrl(url)!.src).origin);
    }
  });
});

describe('embed block', () => {
  const json = doc({ type: 'paragraph', content: [{ type: 'text', text: 'Watch:' }] }, embed(YT, 'youtube'));

  it('round-trips through Yjs, Markdown and HTML', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(yDocFromJSON(json)));
    expect(normalised(yDocToJSON(copy))).toEqual(normalised(json));
    const markdown = yDocToMarkdown(yDocFromJSON(json));
    expect(markdown).toContain(`:::embed {provider="youtube" src="${YT}"}`);
    expect(normalised(yDocToJSON(yDocFromMarkdown(markdown)))).toEqual(normalised(json));
    expect(normalised(yDocToJSON(yDocFromHTML(yDocToHTML(yDocFromJSON(json)))))).toEqual(normalised(json));
  });

  it('draws a sandboxed frame with no top navigation or forms', () => {
    const html = yDocToHTML(yDocFromJSON(json));
    expect(html).toContain(`<iframe src="${YT}" sandbox="${EMBED_SANDBOX}"`);
    expect(EMBED_SANDBOX).not.toMatch(/top-navigation|allow-forms|allow-modals|allow-downloads/);
    expect(html).toContain('referrerpolicy="strict-origin-when-cross-origin"');
  });

  it('refuses an address off the allow-list or not canonical, from JSON and from Markdown', () => {
    expect(() => yDocFromJSON(doc(embed('https://evil.example/embed/x', 'youtube')))).toThrow(DocumentContentError);
    expect(() => yDocFromJSON(doc(embed('https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube')))).toThrow(/allow-listed player/);
    expect(() => yDocFromJSON(doc(embed(YT, 'vimeo')))).toThrow(DocumentContentError);
    // From Markdown: refused, or left as the text it was; never an embed.
    for (const source of [':::embed {provider="youtube" src="https://evil.example/x"}', `Intro\n\n:::embed {provider="vimeo" src="${YT}"}\n`]) {
      let made: string;
      try {
        made = JSON.stringify(yDocToJSON(yDocFromMarkdown(source)));
      } catch (error) {
        expect(error).toBeInstanceOf(DocumentContentError);
        continue;
      }
      expect(made).not.toContain('"type":"embed"');
    }
  });

  it('reads an allow-listed iframe pasted from another tool, and drops any other iframe', () => {
    const pasted = yDocToJSON(yDocFromHTML('<p>a</p><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560"></iframe><iframe src="https://evil.example/"></iframe>'));
    expect(pasted.content?.filter((node) => node.type === 'embed')).toEqual([embed(YT, 'youtube')]);
  });

  it('never draws a frame for a non-canonical node that reached the document some other way', () => {
    const forged = new Y.Doc();
    const element = new Y.XmlElement('embed');
    element.setAttribute('provider', 'youtube');
    element.setAttribute('src', 'https://evil.example/');
    forged.getXmlFragment('default').insert(0, [element]);
    expect(yDocToHTML(forged)).not.toContain('<iframe');
  });
});

describe('embed from the slash menu and from a pasted address', () => {
  const newEditor = (extra: Parameters<typeof documentExtensions>[0] = {}, onPastedLink?: (link: PastedLink) => void) =>
    new Editor({
      element: null,
      extensions: [...documentExtensions(extra), PastedLinkOffer.configure({ onPastedLink })],
      content: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '/emb' }] }] },
    });
  const refuse: SlashCommandRequests = { requestImageUrl: async () => null, requestLatex: async () => null, requestPageLink: async () => null, requestEmbedUrl: async () => null, requestBookmark: async () => null, requestTemplatePage: async () => null };

  it('asks for the address, inserts the player, and inserts nothing for an address off the list', async () => {
    const command = defaultSlashCommands().find((c) => c.id === 'embed')!;
    const editor = newEditor();
    await command.run({ editor, range: { from: 1, to: 5 }, ...refuse, requestEmbedUrl: async () => 'https://youtu.be/dQw4w9WgXcQ' });
    expect(editor.getJSON().content?.find((n) => n.type === 'embed')?.attrs).toEqual({ provider: 'youtube', src: YT });
    const other = newEditor();
    await command.run({ editor: other, range: { from: 1, to: 5 }, ...refuse, requestEmbedUrl: async () => 'https://evil.example/' });
    expect(JSON.stringify(other.getJSON())).not.toContain('embed');
    editor.destroy();
    other.destroy();
  });

  it('replaces a pasted link with the player when the line held only the link', () => {
    const editor = newEditor();
    editor.commands.setContent({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'https://vimeo.com/76979871', marks: [{ type: 'link', attrs: { href: 'https://vimeo.com/76979871' } }] }] }] });
    const link: PastedLink = { url: 'https://vimeo.com/76979871', from: 1, to: 27, embed: embedFromUrl('https://vimeo.com/76979871') };
    expect(replacePastedLink(editor, link, { type: 'embed', attrs: { ...link.embed } })).toBe(true);
    expect(editor.getJSON().content?.[0]).toEqual(embed('https://player.vimeo.com/video/76979871', 'vimeo'));
    // Once the text there is no longer the link (someone edited it), nothing is replaced.
    expect(replacePastedLink(editor, link, { type: 'embed', attrs: { ...link.embed } })).toBe(false);
    editor.destroy();
  });
});
