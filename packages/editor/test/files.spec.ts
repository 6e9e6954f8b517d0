import { getSchema } from '@tiptap/core';
import {
  documentExtensions,
  fileContentUrl,
  fileIdFromUrl,
  isAllowedImageUrl,
  referencedFileIds,
  yDocFileIds,
  yDocFromJSON,
  yDocToJSON,
  yDocToMarkdown,
  yDocToIndexable,
  yDocToText,
} from '../src/index.js';

const A = '0190f2a1-1111-7000-8000-000000000001';
const B = '0190f2a1-2222-7000-8000-000000000002';
const C = '0190f2a1-3333-7000-8000-000000000003';

const doc = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Trip notes' }] },
    { type: 'image', attrs: { src: fileContentUrl(A), fileId: A, alt: 'beach' } },
    { type: 'fileAttachment', attrs: { fileId: B, name: 'tickets [final].pdf', size: 48_000, mime: 'application/pdf' } },
    { type: 'image', attrs: { src: 'https://example.com/cat.png', alt: 'cat' } },
  ],
};

describe('uploaded files in documents', () => {
  it('accepts only absolute http(s) URLs and uploaded files as image sources', () => {
    expect(isAllowedImageUrl(fileContentUrl(A))).toBe(true);
    expect(fileIdFromUrl(fileContentUrl(A))).toBe(A);
    for (const bad of ['/api/files/../x/content', `/api/files/${A}/content?x`, '/etc/passwd', 'files/x', 'javascript:alert(1)']) {
      expect({ bad, allowed: isAllowedImageUrl(bad) }).toEqual({ bad, allowed: false });
    }
  });

  it('round-trips images and attachments through Yjs with their file ids', () => {
    const y = yDocFromJSON(doc);
    const json = yDocToJSON(y);
    expect(json.content?.[1]?.attrs).toMatchObject({ fileId: A, src: fileContentUrl(A) });
    expect(json.content?.[2]).toMatchObject({ type: 'fileAttachment', attrs: { fileId: B, name: 'tickets [final].pdf', size: 48_000 } });
    expect(yDocFileIds(y).sort()).toEqual([A, B].sort());
  });

  it('finds file ids in attributes and in image sources, once each', () => {
    const json = { type: 'doc', content: [{ type: 'image', attrs: { src: fileContentUrl(C) } }, { type: 'image', attrs: { src: fileContentUrl(C), fileId: C } }, ...doc.content] };
    expect(referencedFileIds(json).sort()).toEqual([A, B, C].sort());
  });

  it('makes attachments searchable by name and exports them to Markdown as links', () => {
    const y = yDocFromJSON(doc);
    expect(yDocToText(y)).toContain('tickets [final].pdf');
    const markdown = yDocToMarkdown(y);
    expect(markdown).toContain(`![beach](${fileContentUrl(A)})`);
    expect(markdown).toContain(`[📎 tickets \\[final\\].pdf](${fileContentUrl(B)})`);
  });

  it("renders uploaded files from the reader's URL (a public link adds its token)", () => {
    const schema = getSchema(documentExtensions({ fileUrl: (id) => `${fileContentUrl(id)}?share=tok` }));
    const node = schema.nodeFromJSON(doc);
    const image = node.child(1);
    const rendered = image.type.spec.toDOM!(image) as [string, Record<string, string>];
    expect(rendered[1].src).toBe(`${fileContentUrl(A)}?share=tok`);
    const attachment = node.child(2);
    const dom = JSON.stringify(attachment.type.spec.toDOM!(attachment));
    expect(dom).toContain(`${fileContentUrl(B)}?share=tok`);
  });
});

describe('first image (a gallery card cover)', () => {
  const para = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
  it('is the first image in reading order, uploaded ones by their content path', () => {
    const uploaded = yDocFromJSON({ type: 'doc', content: [para('intro'), { type: 'bulletList', content: [{ type: 'listItem', content: [para('x'), { type: 'image', attrs: { src: fileContentUrl(A), fileId: A } }] }] }, { type: 'image', attrs: { src: 'https://example.com/b.png' } }] });
    expect(yDocToIndexable(uploaded).firstImage).toBe(fileContentUrl(A));
    const external = yDocFromJSON({ type: 'doc', content: [{ type: 'image', attrs: { src: 'https://example.com/b.png' } }, { type: 'image', attrs: { src: fileContentUrl(B), fileId: B } }] });
    expect(yDocToIndexable(external).firstImage).toBe('https://example.com/b.png');
  });
  it('is null without an image', () => {
    expect(yDocToIndexable(yDocFromJSON({ type: 'doc', content: [para('no pictures')] })).firstImage).toBeNull();
  });
});
