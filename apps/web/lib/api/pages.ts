'use client';

import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { PageRoutes, type CreatePageBody, type PageDetailResponse, type PageTreeResponse, type TrashResponse, toTreePage, type TreePage, type UpdatePageBody } from '@tandem/protocol';
import { applyMove, positionAtEnd, subtreeIds, type MovePlan } from '../page-tree';
import { request } from './client';
import { keys, retryable } from './keys';

// Others' tree changes arrive by the realtime `workspace:changed` event (lib/workspace-live.ts);
// while that socket is down, by this modest poll, and always on window focus.
const TREE_POLL_MS = 10_000;

export function usePageTree(workspaceId: string, live = false) {
  return useQuery({
    queryKey: keys.tree(workspaceId),
    queryFn: () => request(PageRoutes.tree, { params: { workspaceId } }),
    retry: retryable,
    refetchInterval: live ? false : TREE_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

const pageQuery = (pageId: string) => queryOptions({ queryKey: keys.page(pageId), queryFn: () => request(PageRoutes.get, { params: { id: pageId } }), retry: retryable });

export function usePage(pageId: string) {
  return useQuery(pageQuery(pageId));
}

// Asked for as the page is chosen (a click in the sidebar), while the route's code still loads:
// its screen then renders from the cache at once (fresh for the client's default 5 s).
export function prefetchPage(qc: QueryClient, pageId: string): void {
  void qc.prefetchQuery(pageQuery(pageId));
}

export function useTrash(workspaceId: string) {
  return useQuery({ queryKey: keys.trash(workspaceId), queryFn: () => request(PageRoutes.trash, { params: { workspaceId } }), retry: retryable });
}

// ---- page mutations: optimistic on the tree cache, then corrected from the server ----

type TreeSnapshot = { previous: PageTreeResponse | undefined };

async function patchTree(qc: QueryClient, workspaceId: string, change: (pages: TreePage[]) => TreePage[]): Promise<TreeSnapshot> {
  await qc.cancelQueries({ queryKey: keys.tree(workspaceId) });
  const previous = qc.getQueryData<PageTreeResponse>(keys.tree(workspaceId));
  if (previous) qc.setQueryData<PageTreeResponse>(keys.tree(workspaceId), { ...previous, pages: change(previous.pages) });
  return { previous };
}

function rollback(qc: QueryClient, workspaceId: string, snapshot: TreeSnapshot | undefined) {
  if (snapshot?.previous) qc.setQueryData(keys.tree(workspaceId), snapshot.previous);
}

export const PENDING_PREFIX = 'pending-';

// The page mutations' cache logic as option factories (used by the hooks below, and by the unit
// tests against a real QueryClient).
export function createPageMutation(qc: QueryClient, workspaceId: string) {
  return mutationOptions({
    mutationFn: (body: CreatePageBody) => request(PageRoutes.create, { params: { workspaceId }, body }),
    onMutate: async (body) => {
      const pendingId = `${PENDING_PREFIX}${Date.now()}`;
      const snapshot = await patchTree(qc, workspaceId, (pages) => [
        ...pages,
        {
          id: pendingId,
          parentId: body.parentId ?? null,
          title: body.title ?? '',
          icon: body.icon ?? null,
          position: positionAtEnd(pages, body.parentId ?? null),
          role: 'editor',
          template: false,
          kind: body.kind ?? 'page',
        },
      ]);
      return { ...snapshot, pendingId };
    },
    onSuccess: (page, _body, ctx) => {
      const current = qc.getQueryData<PageTreeResponse>(keys.tree(workspaceId));
      if (current) {
        qc.setQueryData<PageTreeResponse>(keys.tree(workspaceId), {
          ...current,
          pages: [...current.pages.filter((p) => p.id !== ctx.pendingId && p.id !== page.id), toTreePage(page)],
        });
      }
    },
    onError: (_err, _body, ctx) => rollback(qc, workspaceId, ctx),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.tree(workspaceId) }),
  });
}

export function useCreatePage(workspaceId: string) {
  return useMutation(createPageMutation(useQueryClient(), workspaceId));
}

export function useUpdatePage(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ pageId, ...body }: UpdatePageBody & { pageId: string }) => request(PageRoutes.update, { params: { id: pageId }, body }),
    onMutate: async ({ pageId, ...body }) => {
      // The tree keeps its own fields only (the options and the cover are the page detail's).
      const snapshot = await patchTree(qc, workspaceId, (pages) => pages.map((p) => (p.id === pageId ? toTreePage({ ...p, ...body }) : p)));
      const detail = qc.getQueryData<PageDetailResponse>(keys.page(pageId));
      if (detail) qc.setQueryData<PageDetailResponse>(keys.page(pageId), { ...detail, page: { ...detail.page, ...body } });
      return { ...snapshot, detail };
    },
    onSuccess: (page) => {
      const detail = qc.getQueryData<PageDetailResponse>(keys.page(page.id));
      if (detail) qc.setQueryData<PageDetailResponse>(keys.page(page.id), { ...detail, page });
    },
    onError: (_err, { pageId }, ctx) => {
      rollback(qc, workspaceId, ctx);
      if (ctx?.detail) qc.setQueryData(keys.page(pageId), ctx.detail);
    },
    onSettled: (_page, _err, { pageId }) => {
      void qc.invalidateQueries({ queryKey: keys.tree(workspaceId) });
      // Breadcrumbs of descendants show this title too.
      void qc.invalidateQueries({ queryKey: ['pages'], predicate: (q) => q.queryKey[1] !== pageId });
    },
  });
}

export function movePageMutation(qc: QueryClient, workspaceId: string) {
  return mutationOptions({
    mutationFn: (plan: MovePlan) =>
      request(PageRoutes.move, { params: { id: plan.pageId }, body: { parentId: plan.parentId, afterId: plan.afterId, beforeId: plan.beforeId } }),
    onMutate: (plan) => patchTree(qc, workspaceId, (pages) => applyMove(pages, plan)),
    onError: (_err, _plan, ctx) => rollback(qc, workspaceId, ctx),
    onSettled: (_page, _err, plan) => {
      void qc.invalidateQueries({ queryKey: keys.tree(workspaceId) });
      void qc.invalidateQueries({ queryKey: keys.page(plan.pageId) });
    },
  });
}

export function useMovePage(workspaceId: string) {
  return useMutation(movePageMutation(useQueryClient(), workspaceId));
}

export function trashPageMutation(qc: QueryClient, workspaceId: string) {
  return mutationOptions({
    mutationFn: (pageId: string) => request(PageRoutes.trashPage, { params: { id: pageId } }),
    onMutate: (pageId) =>
      patchTree(qc, workspaceId, (pages) => {
        const gone = subtreeIds(pages, pageId);
        return pages.filter((p) => !gone.has(p.id));
      }),
    onError: (_err, _id, ctx) => rollback(qc, workspaceId, ctx),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: keys.tree(workspaceId) });
      void qc.invalidateQueries({ queryKey: keys.trash(workspaceId) });
    },
  });
}

export function useTrashPage(workspaceId: string) {
  return useMutation(trashPageMutation(useQueryClient(), workspaceId));
}

async function patchTrash(qc: QueryClient, workspaceId: string, pageId: string) {
  await qc.cancelQueries({ queryKey: keys.trash(workspaceId) });
  const previous = qc.getQueryData<TrashResponse>(keys.trash(workspaceId));
  if (previous) qc.setQueryData<TrashResponse>(keys.trash(workspaceId), { pages: previous.pages.filter((p) => p.id !== pageId) });
  return { previous };
}

export function useRestorePage(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pageId: string) => request(PageRoutes.restore, { params: { id: pageId } }),
    onMutate: (pageId) => patchTrash(qc, workspaceId, pageId),
    onError: (_err, _id, ctx) => {
      if (ctx?.previous) qc.setQueryData(keys.trash(workspaceId), ctx.previous);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: keys.tree(workspaceId) });
      void qc.invalidateQueries({ queryKey: keys.trash(workspaceId) });
    },
  });
}

export function useDeletePageForever(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pageId: string) => request(PageRoutes.deleteForever, { params: { id: pageId } }),
    onMutate: (pageId) => patchTrash(qc, workspaceId, pageId),
    onError: (_err, _id, ctx) => {
      if (ctx?.previous) qc.setQueryData(keys.trash(workspaceId), ctx.previous);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.trash(workspaceId) }),
  });
}

// Duplicate a page (or with its sub-pages): the copy lands right after it; the tree refetches.
export function useDuplicatePage(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ pageId, subtree }: { pageId: string; subtree: boolean }) => request(PageRoutes.duplicate, { params: { id: pageId }, body: { subtree } }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.tree(workspaceId) }),
  });
}
