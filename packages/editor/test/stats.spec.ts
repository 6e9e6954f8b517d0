import { documentSchema, documentStats, textStats } from '../src/index.js';

describe('word count and reading time', () => {
  it('counts words across blocks, not punctuation or spaces', () => {
    const doc = documentSchema.nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Plan' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Ship the editor — on Friday, at noon!' }] },
        { type: 'callout', attrs: { emoji: '💡', color: 'gray' }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Two words' }] }] },
      ],
    });
    expect(documentStats(doc)).toEqual({ words: 10, characters: 42, readingMinutes: 1 });
  });

  it('counts words in languages written without spaces', () => {
    expect(textStats('我们明天发布编辑器').words).toBeGreaterThan(2);
  });

  it('reads 200 words a minute, and an empty page takes no time', () => {
    expect(textStats('word '.repeat(1000)).readingMinutes).toBe(5);
    expect(textStats('   ')).toEqual({ words: 0, characters: 0, readingMinutes: 0 });
  });
});
