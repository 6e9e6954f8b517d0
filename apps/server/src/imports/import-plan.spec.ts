import { planPages, rewriteLinks, stripNotionId } from './import-plan.js';

const ID = '0123456789abcdef0123456789abcdef';

describe('planPages', () => {
  it('strips Notion ids, nests folders under their page, and takes titles from a first heading', () => {
    const texts = new Map([
      [`Trip ${ID}.md`, '# My trip\n\nBody'],
      [`Trip ${ID}/Day ${ID}.md`, 'Day body'],
      ['Loose/Deep/Note.md', 'note'],
    ]);
    const { pages, skipped } = planPages(texts, [...texts.keys(), 'Trip/data.csv', '__MACOSX/._x.md']);
    const byTitle = new Map(pages.map((p) => [p.title, p]));
    expect([...byTitle.keys()].sort()).toEqual(['Day', 'Deep', 'Loose', 'My trip', 'Note']);
    expect(byTitle.get('My trip')!.markdown).toBe('\nBody');
    expect(byTitle.get('Day')!.parentId).toBe(byTitle.get('My trip')!.id);
    expect(byTitle.get('Note')!.parentId).toBe(byTitle.get('Deep')!.id);
    expect(byTitle.get('Deep')!.parentId).toBe(byTitle.get('Loose')!.id);
    // Parents always come before their children.
    const index = new Map(pages.map((p, i) => [p.id, i]));
    for (const p of pages) if (p.parentId) expect(index.get(p.parentId)!).toBeLessThan(index.get(p.id)!);
    expect(skipped).toEqual([{ path: 'Trip/data.csv', reason: expect.stringMatching(/CSV/) }]);
    expect(stripNotionId(`Plan ${ID}`)).toBe('Plan');
  });

  it('rewrites relative links to pages and files, leaving web links and anchors alone', async () => {
    const { pages } = planPages(new Map([['a/b.md', '[up](../c.md) [img](<pics/x y.png>) ![p](pics/x%20y.png "t") [w](https://e.x) [h](#top) [gone](nope.png)']]), []);
    const page = pages.find((p) => p.source === 'a/b.md')!;
    const out = await rewriteLinks(page, new Map([['c.md', 'C']]), (id) => `PAGE:${id}`, async (path, image) => (path === 'a/pics/x y.png' ? `FILE:${image}` : null));
    expect(out).toBe('[up](PAGE:C) [img](FILE:false) ![p](FILE:true "t") [w](https://e.x) [h](#top) [gone](nope.png)');
  });
});
