'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NotificationRoutes, type NotificationListResponse } from '@tandem/protocol';
import { request } from './client';
import { keys, retryable } from './keys';

// The signed-in person's inbox (issue 14). Refetched when the server says it changed
// (`inbox-changed`, see useInboxLive), so the sidebar's badge needs no polling.

export function useInbox() {
  return useInfiniteQuery({
    queryKey: keys.inbox,
    queryFn: ({ pageParam }): Promise<NotificationListResponse> => request(NotificationRoutes.list, { query: { cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: retryable,
  });
}

// The badge: the first page's unread count (counted over the whole inbox by the server).
export function useUnreadCount(): number {
  return useInbox().data?.pages[0]?.unread ?? 0;
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(NotificationRoutes.markRead, { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.inbox, exact: true }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request(NotificationRoutes.markAllRead),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.inbox, exact: true }),
  });
}

export function useNotificationSettings() {
  return useQuery({ queryKey: keys.notificationSettings, queryFn: () => request(NotificationRoutes.settings), retry: retryable });
}

export function useUpdateNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (emailMentions: boolean) => request(NotificationRoutes.updateSettings, { body: { emailMentions } }),
    // The box follows the click at once; a failure puts the server's answer back. A fetch still
    // under way (the page's own, on mount) would otherwise land after the click with the old value.
    onMutate: async (emailMentions) => {
      await qc.cancelQueries({ queryKey: keys.notificationSettings });
      qc.setQueryData(keys.notificationSettings, { emailMentions });
    },
    onSuccess: (settings) => qc.setQueryData(keys.notificationSettings, settings),
    onError: () => qc.invalidateQueries({ queryKey: keys.notificationSettings }),
  });
}

// The editor tells the server whom it just @mentioned in the page's text.
export const notifyPageMentions = (pageId: string, userIds: string[]) => request(NotificationRoutes.pageMentions, { params: { id: pageId }, body: { userIds } });
