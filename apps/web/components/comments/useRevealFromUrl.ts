'use client';

import { useEffect, useRef } from 'react';
import type { CommentsState } from './CommentsContext';

// `?thread=<id>` (an inbox item, a mention mail): once the page's threads and editor are in, open
// the panel on that thread and scroll to and flash its text, once per page view. The parameter is
// then dropped from the address, so a reload does not reveal it again.
export function useRevealFromUrl(comments: CommentsState | null): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !comments || comments.loading) return;
    const url = new URL(window.location.href);
    const threadId = url.searchParams.get('thread');
    if (!threadId) return;
    const thread = comments.threads.find((t) => t.id === threadId);
    // A thread on text needs the editor to find its text; a page-level one needs nothing more.
    if (thread?.anchor && !comments.editor) return;
    done.current = true;
    url.searchParams.delete('thread');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    if (!thread) return;
    comments.setOpen(true);
    // After the panel rendered, so the card exists to scroll to as well.
    requestAnimationFrame(() => {
      comments.activate(threadId, true);
      document.querySelector(`[data-thread-id="${CSS.escape(threadId)}"]`)?.scrollIntoView({ block: 'nearest' });
    });
  }, [comments]);
}
