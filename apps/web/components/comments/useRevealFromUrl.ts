'use client';

import { useEffect, useRef, useState } from 'react';
import { resolveCommentAnchor } from '@tandem/editor';
import type { CommentsState } from './CommentsContext';

// `?thread=<id>` (an inbox item, a mention mail): once the page's threads are in, open the panel
// on that thread, and once the document holds its text (it arrives over Yjs after the editor
// mounts), scroll to and flash that text. The parameter is then dropped from the address, so a
// reload does not reveal it again.
export function useRevealFromUrl(comments: CommentsState | null): void {
  const [pending, setPending] = useState<string | null>(null);
  const read = useRef(false);
  useEffect(() => {
    if (read.current || !comments || comments.loading) return;
    read.current = true;
    const url = new URL(window.location.href);
    const threadId = url.searchParams.get('thread');
    if (!threadId) return;
    url.searchParams.delete('thread');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    if (!comments.threads.some((t) => t.id === threadId)) return;
    comments.setOpen(true);
    comments.activate(threadId);
    setPending(threadId);
  }, [comments]);

  const editor = comments?.editor ?? null;
  const anchor = comments?.threads.find((t) => t.id === pending)?.anchor ?? null;
  const activate = comments?.activate;
  useEffect(() => {
    if (!pending || !activate) return;
    // A page-level discussion has no text: its card is enough.
    if (!anchor) {
      document.querySelector(`[data-thread-id="${CSS.escape(pending)}"]`)?.scrollIntoView({ block: 'nearest' });
      setPending(null);
      return;
    }
    if (!editor || editor.isDestroyed) return;
    const tryReveal = () => {
      if (!resolveCommentAnchor(editor.state, anchor)) return;
      editor.off('update', tryReveal);
      activate(pending, true);
      setPending(null);
    };
    editor.on('update', tryReveal);
    tryReveal();
    return () => {
      editor.off('update', tryReveal);
    };
  }, [pending, anchor, editor, activate]);
}
