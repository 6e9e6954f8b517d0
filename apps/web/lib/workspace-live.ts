'use client';

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRuntimeConfig } from './collab/runtime-config';
import { acquireConnection } from './collab/shared-connection';
import { keys } from '@/lib/api/keys';

// Others' changes to the page tree (create, rename, move, trash, restore, sharing) arrive as the
// server's `workspace:changed` event; the tree is refetched then, instead of polled. Returns true
// while the socket is connected, so callers poll only when it is not.
export function useWorkspaceLive(workspaceId: string): boolean {
  const config = useRuntimeConfig();
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  const socketUrl = config.data?.socketUrl;

  useEffect(() => {
    if (!socketUrl) return;
    const refresh = () => {
      void qc.invalidateQueries({ queryKey: keys.tree(workspaceId) });
      void qc.invalidateQueries({ queryKey: keys.trash(workspaceId) });
      void qc.invalidateQueries({ queryKey: ['pages'] });
    };
    let connectedBefore = false;
    // The same connection the open page uses (shared-connection.ts).
    const { connection, release } = acquireConnection(socketUrl);
    const onChanged = (changed: string) => {
      if (changed === workspaceId) refresh();
    };
    const onStatus = (status: string) => {
      setLive(status === 'connected');
      // Events sent while the socket was down are lost: catch up after every reconnect.
      if (status === 'connected' && connectedBefore) refresh();
      if (status === 'connected') connectedBefore = true;
    };
    connection.on('workspace-changed', onChanged);
    connection.on('status', onStatus);
    onStatus(connection.status);
    connection.watchWorkspace(workspaceId);
    return () => {
      connection.off('workspace-changed', onChanged);
      connection.off('status', onStatus);
      connection.unwatchWorkspace(workspaceId);
      release();
      setLive(false);
    };
  }, [socketUrl, workspaceId, qc]);

  return live;
}
