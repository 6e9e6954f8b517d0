'use client';

import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRuntimeConfig } from './collab/runtime-config';
import { acquireConnection } from './collab/shared-connection';
import { keys } from '@/lib/api/keys';

// The inbox refetches when the server says it changed (`inbox:changed`, sent to every socket of
// the person), and after every reconnect (news sent meanwhile is lost).
export function useInboxLive(): void {
  const config = useRuntimeConfig();
  const qc = useQueryClient();
  const socketUrl = config.data?.socketUrl;

  useEffect(() => {
    if (!socketUrl) return;
    const refresh = () => void qc.invalidateQueries({ queryKey: keys.inbox, exact: true });
    let connectedBefore = false;
    const { connection, release } = acquireConnection(socketUrl);
    const onStatus = (status: string) => {
      if (status === 'connected' && connectedBefore) refresh();
      if (status === 'connected') connectedBefore = true;
    };
    connection.on('inbox-changed', refresh);
    connection.on('status', onStatus);
    onStatus(connection.status);
    return () => {
      connection.off('inbox-changed', refresh);
      connection.off('status', onStatus);
      release();
    };
  }, [socketUrl, qc]);
}
