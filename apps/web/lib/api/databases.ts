'use client';

import { useQuery } from '@tanstack/react-query';
import { DatabaseRoutes, type PageView } from '@tandem/protocol';
import { request } from './client';
import { keys } from './keys';

// Databases: their content is the page's Yjs document (components/database edits it live); the
// web calls the API only for a row's page, made on demand so a row added a moment ago opens at once
// instead of waiting for the worker's projection, and for a gallery's card covers.
export function openRowPage(databaseId: string, rowId: string): Promise<PageView> {
  return request(DatabaseRoutes.rowPage, { params: { databaseId, rowId } });
}

// Each row page's first image (the worker's, as of the row page's last persist). Polled while a
// gallery shows covers, so an image added to a row a moment ago appears without a reload.
export function useDatabaseCovers(databaseId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.databaseCovers(databaseId),
    queryFn: () => request(DatabaseRoutes.covers, { params: { databaseId } }),
    enabled,
    refetchInterval: 10_000,
  });
}
