import { MutationObserver, QueryClient } from '@tanstack/react-query';
import type { PageTreeResponse, PageView, TreePage } from '@tandem/protocol';
import { planMove } from '../page-tree.js';
import { isMembersKey, keys } from './keys.js';
import { createPageMutation, movePageMutation, PENDING_PREFIX, trashPageMutation } from './pages.js';

// The sidebar's optimistic updates against a real TanStack QueryClient: what the cache shows while
// a request is in flight, after the server answers, and after it fails. In Node the real request
// (fetch of a relative /api URL) cannot leave the process, so an unchanged mutationFn is a request
// that failed on the network; a success is simulated by resolving the request ourselves.

const WS = 'ws-1';
const page = (id: string, parentId: string | null, position: string, title = id): TreePage => ({
  id,
  parentId,
  title,
  icon: null,
  position,
  role: 'full_access',
  template: false,
  kind: 'page',
});

// The server's answer to a page write: the tree's fields and the rest of PageView.
const answered = (p: TreePage): PageView => ({
  ...p,
  workspaceId: WS,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  deletedAt: null,
  fullWidth: false,
  smallText: false,
  locked: false,
  cover: null,
  coverPosition: 50,
});

function setup(pages: TreePage[]) {
  const qc = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  qc.setQueryData<PageTreeResponse>(keys.tree(WS), { workspaceId: WS, pages });
  const tree = () => qc.getQueryData<PageTreeResponse>(keys.tree(WS))!.pages;
  return { qc, tree };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('optimistic page mutations', () => {
  const initial = [page('a', null, 'a0'), page('b', null, 'a1'), page('a1', 'a', 'a0')];

  it('moves a page in the cache at once and keeps it there when the server agrees', async () => {
    const { qc, tree } = setup(initial);
    const plan = planMove(initial, 'b', 'a', 'inside')!;
    const answer = deferred<PageView>();
    const observer = new MutationObserver(qc, { ...movePageMutation(qc, WS), mutationFn: () => answer.promise });
    const done = observer.mutate(plan);
    await flush();
    expect(tree().find((p) => p.id === 'b')).toMatchObject({ parentId: 'a', position: plan.position });
    answer.resolve(answered(page('b', 'a', plan.position)));
    await done;
    expect(tree().find((p) => p.id === 'b')?.parentId).toBe('a');
  });

  it('puts the page back where it was when the move fails', async () => {
    const { qc, tree } = setup(initial);
    const plan = planMove(initial, 'b', 'a', 'inside')!;
    const observer = new MutationObserver(qc, movePageMutation(qc, WS));
    await expect(observer.mutate(plan)).rejects.toMatchObject({ code: 'unreachable' });
    expect(tree()).toEqual(initial);
  });

  it('hides a trashed page with everything inside it, and brings them back if the server refuses', async () => {
    const { qc, tree } = setup(initial);
    const answer = deferred<void>();
    const observer = new MutationObserver(qc, { ...trashPageMutation(qc, WS), mutationFn: () => answer.promise });
    const done = observer.mutate('a');
    await flush();
    expect(tree().map((p) => p.id)).toEqual(['b']);
    answer.resolve();
    await done;
    expect(tree().map((p) => p.id)).toEqual(['b']);

    const failing = setup(initial);
    await expect(new MutationObserver(failing.qc, trashPageMutation(failing.qc, WS)).mutate('a')).rejects.toBeDefined();
    expect(failing.tree()).toEqual(initial);
  });

  it('shows a new page as pending at the end of its siblings, then swaps in the server copy once', async () => {
    const { qc, tree } = setup(initial);
    const answer = deferred<PageView>();
    const observer = new MutationObserver(qc, { ...createPageMutation(qc, WS), mutationFn: () => answer.promise });
    const done = observer.mutate({ parentId: 'a', title: 'New' });
    await flush();
    const pending = tree().find((p) => p.id.startsWith(PENDING_PREFIX))!;
    expect(pending).toMatchObject({ parentId: 'a', title: 'New' });
    expect(pending.position > 'a0').toBe(true);

    const created = page('c', 'a', 'a1', 'New');
    answer.resolve(answered(created));
    await done;
    expect(tree().filter((p) => p.title === 'New')).toEqual([created]);
    expect(tree().some((p) => p.id.startsWith(PENDING_PREFIX))).toBe(false);
  });

  it('drops the pending page when creating fails', async () => {
    const { qc, tree } = setup(initial);
    await expect(new MutationObserver(qc, createPageMutation(qc, WS)).mutate({ parentId: null })).rejects.toBeDefined();
    expect(tree()).toEqual(initial);
  });
});

describe('isMembersKey', () => {
  it("matches every workspace's member list and nothing else", () => {
    expect(isMembersKey(keys.members('w1'))).toBe(true);
    expect(isMembersKey(keys.members('w2'))).toBe(true);
    expect(isMembersKey(keys.tree('w1'))).toBe(false);
    expect(isMembersKey(keys.workspaces)).toBe(false);
    expect(isMembersKey(keys.shares('p1'))).toBe(false);
  });
});
