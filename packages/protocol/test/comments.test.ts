import { CommentBody, commentMentionIds, commentPlainText } from '../src/index.js';

// The comment body schema (issue 14): the editor's JSON subset the server stores.
describe('comment bodies', () => {
  it('keeps text, marks, links and mentions; drops attributes the editor adds; refuses images and bad links', () => {
    const body = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'See ', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'this', marks: [{ type: 'link', attrs: { href: 'https://example.com', target: '_blank', rel: 'x', class: null } }] },
            { type: 'mention', attrs: { id: '0190a3c2-0000-7000-8000-000000000001', label: 'Ada' } },
          ],
        },
      ],
    };
    const parsed = CommentBody.parse(body);
    expect(parsed.content[0]!.content![1]).toEqual({ type: 'text', text: 'this', marks: [{ type: 'link', attrs: { href: 'https://example.com' } }] });
    expect(commentPlainText(parsed)).toBe('See this@Ada');
    expect(commentMentionIds(parsed)).toEqual(['0190a3c2-0000-7000-8000-000000000001']);
    expect(CommentBody.safeParse({ type: 'doc', content: [{ type: 'image', attrs: { src: 'https://x/y.png' } }] }).success).toBe(false);
    expect(CommentBody.safeParse({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] }).success).toBe(false);
  });
});

