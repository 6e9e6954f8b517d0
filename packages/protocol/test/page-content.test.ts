import { ApiLimits, CreatePageBody, jsonDepth, utf8ByteLength } from '../src/index.js';

describe('page content limits', () => {
  it('counts UTF-8 bytes like the wire does', () => {
    for (const text of ['', 'plain', 'é', '€', '😀', 'a😀é€\n', '\ud800x']) {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it('measures nesting without recursion, even far past the limit', () => {
    expect(jsonDepth('x', 10)).toBe(0);
    expect(jsonDepth({ a: [1, { b: {} }] }, 10)).toBe(4);
    let deep: unknown = {};
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonDepth(deep, 256)).toBe(257);
  });

  it('accepts Markdown or JSON content and names the field on bad content', () => {
    expect(CreatePageBody.safeParse({ content: { kind: 'markdown', content: '# hi' } }).success).toBe(true);
    expect(CreatePageBody.safeParse({ content: { kind: 'json', content: { type: 'doc', content: [] } } }).success).toBe(true);
    const oversize = CreatePageBody.safeParse({ content: { kind: 'markdown', content: '€'.repeat(ApiLimits.pageContentMaxBytes / 3 + 1) } });
    expect(oversize.success).toBe(false);
    expect(oversize.error?.issues[0]?.path).toEqual(['content', 'content']);
    const badKind = CreatePageBody.safeParse({ content: { kind: 'html', content: '<p>' } });
    expect(badKind.error?.issues[0]?.path).toEqual(['content', 'kind']);
  });
});
