'use client';

import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRuntimeConfig } from './collab/runtime-config';
import { acquireConnection } from './collab/shared-connection';
import { keys } from '@/lib/api/keys';

// The inbox refetches when the server says it changed (`inbox:changed`, sent to every socket of
// the person), and on every connect, the first too: news sent before the socket joined the person's
// room is never sent to it, and the first fetch may have been answered before that news (on a slow
// connection a mention made in between left the badge stale until the next one).
export function useInboxLive(): void {
  const config = useRuntimeConfig();
  const qc = useQueryClient();
  const socketUrl = config.data?.socketUrl;

  useEffect(() => {
    if (!socketUrl) return;
    const refresh = () => void qc.invalidateQueries({ queryKey: keys.inbox, exact: true });
    const { connection, release } = acquireConnection(socketUrl);
    const onStatus = (status: string) => {
      if (status === 'connected') refresh();
    };
    connection.on('inbox-changed', refresh);
    connection.on('status', onStatus);
    // Already connected (the editor opened the shared connection first): what came before this
    // listener is not known.
    onStatus(connection.status);
    return () => {
      connection.off('inbox-changed', refresh);
      connection.off('status', onStatus);
      release();
    };
  }, [socketUrl, qc]);
}
