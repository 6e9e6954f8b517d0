'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { AuditRoutes, queryString, routePath, type AuditExportQuery } from '@tandem/protocol';
import { request } from './client';
import { keys, retryable } from './keys';

// The workspace audit log (owners and admins): entries page by page ("Show more").
export function useAuditLog(workspaceId: string, filters: AuditExportQuery) {
  return useInfiniteQuery({
    queryKey: keys.auditLog(workspaceId, filters),
    queryFn: ({ pageParam }) => request(AuditRoutes.list, { params: { workspaceId }, query: { ...filters, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    retry: retryable,
  });
}

// The CSV export of the same filters: a plain download through the /api proxy (the session
// cookie goes with it), so the browser streams it to disk instead of holding it in memory.
export function auditExportUrl(workspaceId: string, filters: AuditExportQuery): string {
  return `/api${routePath(AuditRoutes.export.path, { workspaceId })}${queryString(filters)}`;
}
