import { generateKeyBetween } from 'fractional-indexing';

// The sidebar works on the flat list of a workspace's pages the API returns; these pure functions
// turn it into a tree and plan moves, so the optimistic cache update and the request agree.

export interface TreeItem {
  id: string;
  parentId: string | null;
  position: string;
  // 'row': a database's row, in the tree only to hold its sub-pages; its place is the database's.
  kind?: string;
}

export interface TreeNode<T extends TreeItem> {
  page: T;
  depth: number;
  children: TreeNode<T>[];
}

// Fractional-index keys order by code point (DECISIONS.md), never localeCompare; ids break ties
// so two clients that raced to the same key still show the same order.
export function comparePositions(a: TreeItem, b: TreeItem): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// Pages whose parent is not in the list (a guest sees a shared page without its parent) are shown
// as roots rather than hidden.
export function buildTree<T extends TreeItem>(pages: readonly T[]): TreeNode<T>[] {
  const byParent = new Map<string | null, T[]>();
  const ids = new Set(pages.map((p) => p.id));
  for (const page of pages) {
    const parent = page.parentId !== null && ids.has(page.parentId) ? page.parentId : null;
    const siblings = byParent.get(parent);
    if (siblings) siblings.push(page);
    else byParent.set(parent, [page]);
  }
  const seen = new Set<string>();
  const grow = (parentId: string | null, depth: number): TreeNode<T>[] =>
    (byParent.get(parentId) ?? [])
      .slice()
      .sort(comparePositions)
      // A cycle (only possible in a corrupt cache) must not recurse forever.
      .filter((page) => !seen.has(page.id) && seen.add(page.id))
      .map((page) => ({ page, depth, children: grow(page.id, depth + 1) }));
  return grow(null, 0);
}

// The rows a reader sees, top to bottom: children only under expanded pages. Used for keyboard
// navigation, which moves through what is visible.
export function visibleRows<T extends TreeItem>(tree: TreeNode<T>[], expanded: ReadonlySet<string>): TreeNode<T>[] {
  const rows: TreeNode<T>[] = [];
  const walk = (nodes: TreeNode<T>[]) => {
    for (const node of nodes) {
      rows.push(node);
      if (expanded.has(node.page.id)) walk(node.children);
    }
  };
  walk(tree);
  return rows;
}

export function ancestorsOf<T extends TreeItem>(pages: readonly T[], pageId: string): T[] {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const chain: T[] = [];
  const seen = new Set<string>([pageId]);
  let parentId = byId.get(pageId)?.parentId ?? null;
  while (parentId !== null && !seen.has(parentId)) {
    const parent = byId.get(parentId);
    if (!parent) break;
    chain.unshift(parent);
    seen.add(parentId);
    parentId = parent.parentId;
  }
  return chain;
}

export function isDescendant(pages: readonly TreeItem[], pageId: string, maybeAncestorId: string): boolean {
  return ancestorsOf(pages, pageId).some((a) => a.id === maybeAncestorId);
}

function siblingsOf<T extends TreeItem>(pages: readonly T[], parentId: string | null, excludeId?: string): T[] {
  return pages.filter((p) => p.parentId === parentId && p.id !== excludeId).sort(comparePositions);
}

// Where a new page goes: after its last sibling.
export function positionAtEnd(pages: readonly TreeItem[], parentId: string | null): string {
  const siblings = siblingsOf(pages, parentId);
  return generateKeyBetween(siblings.at(-1)?.position ?? null, null);
}

export type DropPlacement = 'before' | 'after' | 'inside';

export interface MovePlan {
  pageId: string;
  parentId: string | null;
  // The siblings the page lands between, for APIs that place by neighbour rather than by key.
  afterId: string | null;
  beforeId: string | null;
  position: string;
}

// Plans dropping `pageId` before, after or inside `targetId`. Returns null for drops that would
// change nothing or break the tree (onto itself or into its own subtree).
export function planMove(pages: readonly TreeItem[], pageId: string, targetId: string, placement: DropPlacement): MovePlan | null {
  const page = pages.find((p) => p.id === pageId);
  const target = pages.find((p) => p.id === targetId);
  if (!page || !target || pageId === targetId) return null;
  if (isDescendant(pages, targetId, pageId)) return null;
  // A row moves only inside its database, and nothing goes between rows: only into one.
  if (page.kind === 'row' || (target.kind === 'row' && placement !== 'inside')) return null;

  const parentId = placement === 'inside' ? targetId : target.parentId;
  const siblings = siblingsOf(pages, parentId, pageId);
  let index: number;
  if (placement === 'inside') index = siblings.length;
  else {
    const targetIndex = siblings.findIndex((s) => s.id === targetId);
    index = placement === 'before' ? targetIndex : targetIndex + 1;
  }
  const after = siblings[index - 1] ?? null;
  const before = siblings[index] ?? null;

  const current = siblingsOf(pages, page.parentId);
  const currentIndex = current.findIndex((s) => s.id === pageId);
  if (
    page.parentId === parentId &&
    (current[currentIndex - 1]?.id ?? null) === (after?.id ?? null) &&
    (current[currentIndex + 1]?.id ?? null) === (before?.id ?? null)
  ) {
    return null;
  }
  return {
    pageId,
    parentId,
    afterId: after?.id ?? null,
    beforeId: before?.id ?? null,
    position: keyBetween(after?.position ?? null, before?.position ?? null),
  };
}

// Two siblings can share a key after concurrent inserts; then there is no key strictly between
// them, so place after the lower one and let the server's answer correct the cache.
function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && b !== null && a >= b) return generateKeyBetween(a, null);
  return generateKeyBetween(a, b);
}

// The optimistic cache update for a move: same list, one page re-parented and re-keyed.
export function applyMove<T extends TreeItem>(pages: readonly T[], plan: Pick<MovePlan, 'pageId' | 'parentId' | 'position'>): T[] {
  return pages.map((p) => (p.id === plan.pageId ? { ...p, parentId: plan.parentId, position: plan.position } : p));
}

// A page and everything under it (what trashing a page takes away).
export function subtreeIds(pages: readonly TreeItem[], rootId: string): Set<string> {
  const ids = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of pages) {
      if (p.parentId !== null && ids.has(p.parentId) && !ids.has(p.id)) {
        ids.add(p.id);
        grew = true;
      }
    }
  }
  return ids;
}
