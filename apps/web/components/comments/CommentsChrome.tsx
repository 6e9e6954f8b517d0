'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/Button';
import { useComments } from './CommentsContext';
import { CommentsPanel } from './CommentsPanel';
import commentStyles from './comments.module.css';

const COMMENT_SHORTCUT = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘⌥M' : 'Ctrl+Alt+M';

// The header's "Comments" button with the number of open threads.
export function CommentsButton() {
  const comments = useComments();
  if (!comments) return null;
  const { open, setOpen, counts } = comments;
  return (
    <Button size="small" variant="ghost" onClick={() => setOpen(!open)} aria-pressed={open} title={`Comments (${COMMENT_SHORTCUT} on a selection)`} data-testid="comments-button">
      Comments
      {counts.open > 0 ? (
        <span className={commentStyles.count} data-testid="comments-count" aria-label={`${counts.open} open`}>
          {counts.open}
        </span>
      ) : null}
    </Button>
  );
}

export function CommentsArticle({ className, children }: { className: string; children: ReactNode }) {
  const open = useComments()?.open ?? false;
  return <article className={`${className} ${open ? (commentStyles.besidePanel ?? '') : ''}`}>{children}</article>;
}

export function CommentsSheet({ canModerate }: { canModerate: boolean }) {
  const open = useComments()?.open ?? false;
  return open ? <CommentsPanel canModerate={canModerate} /> : null;
}

