'use client';

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NavigationRoutes, SearchRoutes, type NavPagesResponse, type SearchQuery } from '@tandem/protocol';
import { request } from './client';
import { keys, retryable } from './keys';

// Search, favorites and recent pages (issue 15).

// One page of results for quick find; the previous answer stays on screen while the next loads.
export function useQuickSearch(workspaceId: string, q: string) {
  return useQuery({
    queryKey: keys.search(workspaceId, { q, limit: 10 }),
    queryFn: () => request(SearchRoutes.search, { params: { workspaceId }, query: { q, limit: 10 } }),
    enabled: q.trim() !== '',
    placeholderData: keepPreviousData,
    retry: retryable,
    staleTime: 10_000,
  });
}

// The full search page: results page by page ("Show more").
export function useSearchPages(workspaceId: string, query: Omit<SearchQuery, 'cursor'>) {
  return useInfiniteQuery({
    queryKey: keys.search(workspaceId, query),
    queryFn: ({ pageParam }) => request(SearchRoutes.search, { params: { workspaceId }, query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    retry: retryable,
  });
}

export function useFavorites(workspaceId: string) {
  return useQuery({ queryKey: keys.favorites(workspaceId), queryFn: () => request(NavigationRoutes.favorites, { params: { workspaceId } }), retry: retryable });
}

export function useRecent(workspaceId: string, enabled = true) {
  return useQuery({ queryKey: keys.recent(workspaceId), queryFn: () => request(NavigationRoutes.recent, { params: { workspaceId } }), retry: retryable, enabled });
}

export function useBacklinks(pageId: string) {
  return useQuery({ queryKey: keys.backlinks(pageId), queryFn: () => request(NavigationRoutes.backlinks, { params: { id: pageId } }), retry: retryable });
}

// Star or unstar, shown at once (optimistic) and corrected from the server.
export function useToggleFavorite(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ page, starred }: { page: NavPagesResponse['pages'][number]; starred: boolean }) =>
      starred ? request(NavigationRoutes.addFavorite, { params: { id: page.id } }) : request(NavigationRoutes.removeFavorite, { params: { id: page.id } }),
    onMutate: async ({ page, starred }) => {
      await qc.cancelQueries({ queryKey: keys.favorites(workspaceId) });
      const previous = qc.getQueryData<NavPagesResponse>(keys.favorites(workspaceId));
      if (previous) {
        const pages = previous.pages.filter((p) => p.id !== page.id);
        qc.setQueryData<NavPagesResponse>(keys.favorites(workspaceId), { pages: starred ? [...pages, page] : pages });
      }
      return { previous };
    },
    onError: (_err, _vars, context) => {
      if (context?.previous) qc.setQueryData(keys.favorites(workspaceId), context.previous);
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.favorites(workspaceId) }),
  });
}

// Records that this page was opened (for "recent pages"); a failure only costs a recents entry.
export async function recordVisit(pageId: string): Promise<void> {
  await request(NavigationRoutes.visit, { params: { id: pageId } }).catch(() => undefined);
}
