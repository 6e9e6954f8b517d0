'use client';

import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/api/keys';
import { useRuntimeConfig } from '@/lib/collab/runtime-config';
import { acquireConnection } from '@/lib/collab/shared-connection';

// Someone opened, answered, edited, deleted, resolved or reopened a thread of the page: the
// server's `doc:comments` event reaches the page's room, which the open editor has joined on this
// same connection. The threads are refetched then, and after every reconnect (events sent while the
// socket was down are lost).
export function useCommentsLive(pageId: string, shareToken?: string): void {
  const config = useRuntimeConfig();
  const qc = useQueryClient();
  const socketUrl = config.data?.socketUrl;
  useEffect(() => {
    if (!socketUrl) return;
    const key = shareToken ? keys.sharedThreads(shareToken) : keys.threads(pageId);
    const refresh = () => void qc.invalidateQueries({ queryKey: key });
    const { connection, release } = acquireConnection(socketUrl, shareToken);
    let connectedBefore = connection.status === 'connected';
    const onChanged = (changed: string) => {
      if (changed === pageId) refresh();
    };
    const onStatus = (status: string) => {
      if (status === 'connected' && connectedBefore) refresh();
      if (status === 'connected') connectedBefore = true;
    };
    connection.on('comments-changed', onChanged);
    connection.on('status', onStatus);
    return () => {
      connection.off('comments-changed', onChanged);
      connection.off('status', onStatus);
      release();
    };
  }, [socketUrl, shareToken, pageId, qc]);
}
