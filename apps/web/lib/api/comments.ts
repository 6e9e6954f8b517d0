'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CommentRoutes, type CommentAnchor, type CommentBody, type ThreadListResponse, type ThreadView } from '@tandem/protocol';
import { request } from './client';
import { keys, retryable } from './keys';

// A page's comment threads (issue 14). The list refetches when the server says they changed
// (`comments-changed`, see useCommentsLive in components/comments).

// Pages of the list fetched one after another, up to this many threads in all.
const MAX_THREADS = 2000;

// Every thread of the page (open and resolved: the panel filters, the badge counts), all pages of
// the list in one answer, so the panel can order them by their place in the page.
async function allThreads(fetchPage: (cursor: string | undefined) => Promise<ThreadListResponse>): Promise<ThreadListResponse> {
  const first = await fetchPage(undefined);
  const threads = [...first.threads];
  let cursor = first.nextCursor;
  while (cursor && threads.length < MAX_THREADS) {
    const next = await fetchPage(cursor);
    threads.push(...next.threads);
    cursor = next.nextCursor;
  }
  return { threads, counts: first.counts, nextCursor: null };
}

export function useThreads(pageId: string, options: { shareToken?: string; enabled?: boolean } = {}) {
  const { shareToken, enabled = true } = options;
  return useQuery({
    queryKey: shareToken ? keys.sharedThreads(shareToken) : keys.threads(pageId),
    queryFn: () =>
      allThreads((cursor) =>
        shareToken
          ? request(CommentRoutes.shared, { params: { token: shareToken }, query: { status: 'all', cursor } })
          : request(CommentRoutes.list, { params: { id: pageId }, query: { status: 'all', cursor } }),
      ),
    retry: retryable,
    enabled,
  });
}

function useThreadsMutation<V, R>(pageId: string, mutationFn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => qc.invalidateQueries({ queryKey: keys.threads(pageId) }) });
}

export function useCreateThread(pageId: string) {
  return useThreadsMutation(pageId, (input: { anchor?: CommentAnchor; body: CommentBody }): Promise<ThreadView> => request(CommentRoutes.create, { params: { id: pageId }, body: input }));
}

export function useReply(pageId: string) {
  return useThreadsMutation(pageId, ({ threadId, body }: { threadId: string; body: CommentBody }) => request(CommentRoutes.reply, { params: { id: pageId, threadId }, body: { body } }));
}

export function useEditComment(pageId: string) {
  return useThreadsMutation(pageId, ({ threadId, commentId, body }: { threadId: string; commentId: string; body: CommentBody }) =>
    request(CommentRoutes.edit, { params: { id: pageId, threadId, commentId }, body: { body } }),
  );
}

export function useDeleteComment(pageId: string) {
  return useThreadsMutation(pageId, ({ threadId, commentId }: { threadId: string; commentId: string }) => request(CommentRoutes.remove, { params: { id: pageId, threadId, commentId } }));
}

export function useResolveThread(pageId: string) {
  return useThreadsMutation(pageId, ({ threadId, resolved }: { threadId: string; resolved: boolean }) =>
    request(resolved ? CommentRoutes.resolve : CommentRoutes.reopen, { params: { id: pageId, threadId } }),
  );
}
