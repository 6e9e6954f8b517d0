'use client';

import { useQuery } from '@tanstack/react-query';
import { routePath, TransferRoutes, type ExportFormat, type TransferView } from '@tandem/protocol';
import { request } from './client';
import { sendMultipart } from './files';
import { keys, retryable } from './keys';

// Imports and exports run as worker jobs on the server ("transfers", issue 16): starting one
// answers at once; its progress is polled until it is done or failed.

// Uploads the file to import (progress of the upload itself through `onProgress`).
export function startImport(workspaceId: string, file: File, parentId: string | undefined, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<TransferView> {
  const path = routePath(TransferRoutes.startImport.path, { id: workspaceId }) + (parentId ? `?parentId=${encodeURIComponent(parentId)}` : '');
  return sendMultipart<TransferView>(path, file, 202, onProgress, signal);
}

export type ExportScope = 'page' | 'subpages' | 'workspace';

export function startExport(scope: ExportScope, target: { workspaceId: string; pageId: string }, format: ExportFormat): Promise<TransferView> {
  if (scope === 'workspace') return request(TransferRoutes.startWorkspaceExport, { params: { id: target.workspaceId }, body: { format } });
  return request(TransferRoutes.startPageExport, { params: { id: target.pageId }, body: { format, subpages: scope === 'subpages' } });
}

export const transferDownloadUrl = (id: string) => `/api${routePath(TransferRoutes.download.path, { id })}`;

const POLL_MS = 1000;

// A transfer, polled every second while the worker has it.
export function useTransfer(initial: TransferView) {
  return useQuery({
    queryKey: keys.transfer(initial.id),
    queryFn: () => request(TransferRoutes.get, { params: { id: initial.id } }),
    initialData: initial,
    initialDataUpdatedAt: 0,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'queued' && query.state.data.status !== 'running' ? false : POLL_MS),
    retry: retryable,
  });
}
