'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { VersionRoutes } from '@tandem/protocol';
import { request } from './client';
import { keys, retryable } from './keys';

// A page's version history (issue 13). The list refetches when the server says it changed
// (`versions-changed`, see useVersionsLive in components/history).

export function useVersions(pageId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: keys.versions(pageId),
    queryFn: ({ pageParam }) => request(VersionRoutes.list, { params: { id: pageId }, query: { cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryable,
    enabled,
  });
}

export function useVersion(pageId: string, versionId: string | null) {
  return useQuery({
    queryKey: keys.version(pageId, versionId ?? ''),
    queryFn: () => request(VersionRoutes.get, { params: { id: pageId, versionId: versionId! } }),
    enabled: versionId !== null,
    retry: retryable,
    // A version's content never changes.
    staleTime: Infinity,
  });
}

export function useVersionDiff(pageId: string, versionId: string | null, against: 'current' | 'previous' | null) {
  return useQuery({
    queryKey: keys.versionDiff(pageId, versionId ?? '', against ?? 'current'),
    queryFn: () => request(VersionRoutes.diff, { params: { id: pageId, versionId: versionId! }, query: { against: against! } }),
    enabled: versionId !== null && against !== null,
    retry: retryable,
  });
}

export function useSaveVersion(pageId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => request(VersionRoutes.create, { params: { id: pageId }, body: { name } }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.versions(pageId) }),
  });
}

export function useRenameVersion(pageId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ versionId, name }: { versionId: string; name: string }) => request(VersionRoutes.rename, { params: { id: pageId, versionId }, body: { name } }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.versions(pageId) }),
  });
}

export function useRestoreVersion(pageId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (versionId: string) => request(VersionRoutes.restore, { params: { id: pageId, versionId } }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.versions(pageId) }),
  });
}
