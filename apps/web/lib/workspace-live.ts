'use client';

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { CollabConnection } from '@tandem/collab-client';
import { useRuntimeConfig } from './collab/runtime-config';
import { fetchSocketToken } from './collab/socket-token';
import { keys } from './queries';

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
    const connection = new CollabConnection({ url: socketUrl, token: () => fetchSocketToken() });
    connection.on('workspace-changed', (changed) => {
      if (changed === workspaceId) refresh();
    });
    connection.on('status', (status) => {
      setLive(status === 'connected');
      // Events sent while the socket was down are lost: catch up after every reconnect.
      if (status === 'connected' && connectedBefore) refresh();
      if (status === 'connected') connectedBefore = true;
    });
    connection.watchWorkspace(workspaceId);
    return () => {
      connection.destroy();
      setLive(false);
    };
  }, [socketUrl, workspaceId, qc]);

  return live;
}
