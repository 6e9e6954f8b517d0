'use client';

import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/api/keys';
import { useRuntimeConfig } from '@/lib/collab/runtime-config';
import { acquireConnection } from '@/lib/collab/shared-connection';

// Someone saved, renamed or restored a version of the page (or the worker wrote one): the server's
// `doc:versions` event reaches the page's room, which the open editor has joined on this same
// connection. The list is refetched then, and after every reconnect (events sent meanwhile are lost).
export function useHistoryLive(pageId: string, enabled: boolean): void {
  const config = useRuntimeConfig();
  const qc = useQueryClient();
  const socketUrl = config.data?.socketUrl;
  useEffect(() => {
    if (!socketUrl || !enabled) return;
    const refresh = () => void qc.invalidateQueries({ queryKey: keys.versions(pageId) });
    const { connection, release } = acquireConnection(socketUrl);
    const onChanged = (changed: string) => {
      if (changed === pageId) refresh();
    };
    const onStatus = (status: string) => {
      if (status === 'connected') refresh();
    };
    connection.on('versions-changed', onChanged);
    connection.on('status', onStatus);
    return () => {
      connection.off('versions-changed', onChanged);
      connection.off('status', onStatus);
      release();
    };
  }, [socketUrl, enabled, pageId, qc]);
}
