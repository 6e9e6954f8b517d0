import { generateKeyBetween } from 'fractional-indexing';
import { ancestorsOf, applyMove, buildTree, planMove, positionAtEnd, subtreeIds, visibleRows, type TreeItem } from './page-tree.js';

const page = (id: string, parentId: string | null, position: string): TreeItem => ({ id, parentId, position });

// Tree order as "id(child,child)" so expectations read like the sidebar.
function shape(pages: TreeItem[]): string {
  const render = (nodes: ReturnType<typeof buildTree<TreeItem>>): string =>
    nodes.map((n) => (n.children.length ? `${n.page.id}(${render(n.children)})` : n.page.id)).join(',');
  return render(buildTree(pages));
}

describe('buildTree', () => {
  it('nests children under parents and orders siblings by position', () => {
    const pages = [page('c', null, 'a2'), page('a', null, 'a0'), page('b2', 'a', 'a1'), page('b1', 'a', 'a0'), page('b', null, 'a1')];
    expect(shape(pages)).toBe('a(b1,b2),b,c');
    const tree = buildTree(pages);
    expect(tree[0]!.children.map((n) => n.depth)).toEqual([1, 1]);
  });

  it('orders by code point, not locale: upper case sorts before lower case', () => {
    // 'Zz' < 'a0' in code points; a locale collation would put 'a0' first.
    expect(shape([page('lower', null, 'a0'), page('upper', null, 'Zz')])).toBe('upper,lower');
  });

  it('breaks position ties by id so every client shows the same order', () => {
    expect(shape([page('y', null, 'a0'), page('x', null, 'a0')])).toBe('x,y');
  });

  it('shows a page whose parent is not visible as a root', () => {
    expect(shape([page('shared', 'hidden-parent', 'a0'), page('mine', null, 'a1')])).toBe('shared,mine');
  });

  it('survives a cycle in a corrupt list without recursing forever', () => {
    expect(shape([page('a', 'b', 'a0'), page('b', 'a', 'a0'), page('r', null, 'a0')])).toBe('r');
  });
});

describe('visibleRows and ancestorsOf', () => {
  const pages = [page('a', null, 'a0'), page('a1', 'a', 'a0'), page('a11', 'a1', 'a0'), page('b', null, 'a1')];

  it('lists only children of expanded pages', () => {
    const tree = buildTree(pages);
    expect(visibleRows(tree, new Set()).map((n) => n.page.id)).toEqual(['a', 'b']);
    expect(visibleRows(tree, new Set(['a'])).map((n) => n.page.id)).toEqual(['a', 'a1', 'b']);
    expect(visibleRows(tree, new Set(['a', 'a1'])).map((n) => n.page.id)).toEqual(['a', 'a1', 'a11', 'b']);
  });

  it('gives the breadcrumb chain from the root down', () => {
    expect(ancestorsOf(pages, 'a11').map((p) => p.id)).toEqual(['a', 'a1']);
    expect(ancestorsOf(pages, 'a')).toEqual([]);
  });

  it('collects a whole subtree', () => {
    expect([...subtreeIds(pages, 'a')].sort()).toEqual(['a', 'a1', 'a11']);
  });
});

describe('positionAtEnd', () => {
  it('places a new page after its last sibling', () => {
    const pages = [page('a', null, 'a0'), page('b', null, 'a5'), page('c', 'a', 'a9')];
    const key = positionAtEnd(pages, null);
    expect(key > 'a5').toBe(true);
    expect(positionAtEnd(pages, 'b')).toBe(generateKeyBetween(null, null));
  });
});

describe('planMove', () => {
  const pages = [page('a', null, 'a0'), page('b', null, 'a1'), page('c', null, 'a2'), page('a1', 'a', 'a0'), page('a2', 'a', 'a1')];

  it('reorders among siblings with a key between the new neighbours', () => {
    const plan = planMove(pages, 'c', 'a', 'after')!;
    expect(plan).toMatchObject({ parentId: null, afterId: 'a', beforeId: 'b' });
    expect(plan.position > 'a0' && plan.position < 'a1').toBe(true);
    expect(shape(applyMove(pages, plan))).toBe('a(a1,a2),c,b');
  });

  it('moves to the very top', () => {
    const plan = planMove(pages, 'c', 'a', 'before')!;
    expect(plan).toMatchObject({ afterId: null, beforeId: 'a' });
    expect(shape(applyMove(pages, plan))).toBe('c,a(a1,a2),b');
  });

  it('re-nests a page inside another as its last child', () => {
    const plan = planMove(pages, 'b', 'a', 'inside')!;
    expect(plan).toMatchObject({ parentId: 'a', afterId: 'a2', beforeId: null });
    expect(shape(applyMove(pages, plan))).toBe('a(a1,a2,b),c');
  });

  it('lifts a child out to the root, between two roots', () => {
    const plan = planMove(pages, 'a1', 'b', 'after')!;
    expect(plan).toMatchObject({ parentId: null, afterId: 'b', beforeId: 'c' });
    expect(shape(applyMove(pages, plan))).toBe('a(a2),b,a1,c');
  });

  it('refuses to drop a page onto itself or into its own subtree', () => {
    expect(planMove(pages, 'a', 'a', 'inside')).toBeNull();
    expect(planMove(pages, 'a', 'a1', 'inside')).toBeNull();
    expect(planMove(pages, 'a', 'a2', 'after')).toBeNull();
  });

  it("keeps a database's rows in place and lets pages go into a row, not between rows", () => {
    const db = [page('db', null, 'a0'), { ...page('r1', 'db', 'a0'), kind: 'row' }, { ...page('r2', 'db', 'a1'), kind: 'row' }, page('s', 'r1', 'a0'), page('p', null, 'a1')];
    expect(planMove(db, 'r1', 'p', 'inside')).toBeNull();
    expect(planMove(db, 'r2', 'r1', 'before')).toBeNull();
    expect(planMove(db, 'p', 'r1', 'after')).toBeNull();
    expect(planMove(db, 's', 'r2', 'before')).toBeNull();
    expect(planMove(db, 'p', 'r2', 'inside')).toMatchObject({ pageId: 'p', parentId: 'r2' });
    expect(planMove(db, 's', 'p', 'after')).toMatchObject({ pageId: 's', parentId: null, afterId: 'p' });
  });

  it('returns null for a drop that leaves the page where it is', () => {
    expect(planMove(pages, 'b', 'a', 'after')).toBeNull();
    expect(planMove(pages, 'b', 'c', 'before')).toBeNull();
    expect(planMove(pages, 'a2', 'a', 'inside')).toBeNull();
  });

  it('still finds a place when two siblings share a key', () => {
    const tied = [page('x', null, 'a0'), page('y', null, 'a0'), page('z', null, 'a1')];
    const plan = planMove(tied, 'z', 'x', 'after')!;
    expect(plan).not.toBeNull();
    expect(plan.position > 'a0').toBe(true);
  });

  it('chains many moves into the same gap without keys colliding', () => {
    let list = [page('a', null, 'a0'), page('b', null, 'a1')];
    for (let i = 0; i < 50; i++) {
      list.push(page(`n${i}`, null, positionAtEnd(list, null)));
      const plan = planMove(list, `n${i}`, 'a', 'after')!;
      list = applyMove(list, plan);
    }
    const order = buildTree(list).map((n) => n.page.id);
    expect(order[0]).toBe('a');
    expect(order[1]).toBe('n49');
    expect(order.at(-1)).toBe('b');
    expect(new Set(list.map((p) => p.position)).size).toBe(list.length);
  });
});
