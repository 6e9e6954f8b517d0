'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Editor } from '@tiptap/react';
import { CommentLimits, type CommentAnchor, type ThreadView } from '@tandem/protocol';
import { commentQuote, encodeCommentAnchor, resolveCommentAnchor, setCommentHighlights, type HighlightedThread } from '@tandem/editor';
import { useThreads } from '@/lib/api/comments';
import { useMembers } from '@/lib/api/workspaces';
import { scrollToPosition } from '@/components/editor/scroll-to-position';
import { useCommentsLive } from './useCommentsLive';

// What a new thread will be attached to: text of the page (its anchor), or the page as a whole.
export interface CommentDraft {
  anchor: CommentAnchor | null;
}

export interface CommentsState {
  pageId: string;
  threads: ThreadView[];
  counts: { open: number; resolved: number };
  loading: boolean;
  error: unknown;
  // The page's editor once it is ready (it lives in the editor slot, the panel beside it).
  editor: Editor | null;
  setEditor: (editor: Editor | null) => void;
  canComment: boolean;
  open: boolean;
  setOpen: (open: boolean) => void;
  draft: CommentDraft | null;
  // A draft on the editor's selection (or a page-level one when nothing is selected).
  startDraft: (pageLevel?: boolean) => void;
  cancelDraft: () => void;
  activeId: string | null;
  // Marks a thread as the current one; `reveal` scrolls its text into view and flashes it.
  activate: (threadId: string | null, reveal?: boolean) => void;
  // Who can be @mentioned: the workspace's members (empty where the reader can't list them).
  people: Array<{ id: string; name: string }>;
}

const CommentsContext = createContext<CommentsState | null>(null);

export function useComments(): CommentsState | null {
  return useContext(CommentsContext);
}

const DRAFT_ID = 'draft';

// The comments of one page, shared by its editor (highlights, "Comment" in the bubble menu, the
// shortcut), its header (the count) and its panel. One per page screen.
export function CommentsProvider({
  pageId,
  workspaceId,
  canComment,
  shareToken,
  children,
}: {
  pageId: string;
  workspaceId?: string;
  canComment: boolean;
  shareToken?: string;
  children: ReactNode;
}) {
  const query = useThreads(pageId, { shareToken });
  const members = useMembers(workspaceId ?? '', canComment && workspaceId !== undefined);
  const people = useMemo(() => (members.data?.members ?? []).map((m) => ({ id: m.userId, name: m.name })), [members.data]);
  useCommentsLive(pageId, shareToken);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const threads = useMemo(() => query.data?.threads ?? [], [query.data]);

  const startDraft = useCallback(
    (pageLevel = false) => {
      if (!canComment) return;
      setOpen(true);
      const selection = editor?.state.selection;
      if (pageLevel || !editor || !selection || selection.empty) {
        setDraft({ anchor: null });
        return;
      }
      const positions = encodeCommentAnchor(editor.state, selection.from, selection.to);
      const quote = commentQuote(editor.state.doc, selection.from, selection.to, CommentLimits.quoteMax);
      // Keys typed before the composer takes the focus must not land in the page (typing over a
      // selection replaces it).
      (editor.view.dom as HTMLElement).blur();
      setDraft(positions && quote ? { anchor: { ...positions, quote } } : { anchor: null });
      setActiveId(positions && quote ? DRAFT_ID : null);
    },
    [editor, canComment],
  );
  const cancelDraft = useCallback(() => {
    setDraft(null);
    setActiveId((id) => (id === DRAFT_ID ? null : id));
  }, []);

  // Flash the text of a thread revealed from the panel (the class comes off after the animation).
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const activate = useCallback(
    (threadId: string | null, reveal = false) => {
      setActiveId(threadId);
      if (!reveal || !threadId || !editor) return;
      const thread = threads.find((t) => t.id === threadId);
      const range = thread?.anchor ? resolveCommentAnchor(editor.state, thread.anchor) : null;
      if (!range) return;
      scrollToPosition(editor, range.from);
      const root = editor.view.dom as HTMLElement;
      root.dataset.flash = threadId;
      if (flashTimer.current) clearTimeout(flashTimer.current);
      flashTimer.current = setTimeout(() => delete root.dataset.flash, 1200);
    },
    [editor, threads],
  );

  // The editor shows the open anchored threads (resolved ones hide their highlight), and the draft.
  const highlighted = useMemo<HighlightedThread[]>(() => {
    const list = threads.filter((t) => t.anchor && !t.resolvedAt).map((t) => ({ id: t.id, start: t.anchor!.start, end: t.anchor!.end }));
    if (draft?.anchor) list.push({ id: DRAFT_ID, start: draft.anchor.start, end: draft.anchor.end });
    return list;
  }, [threads, draft]);
  useEffect(() => {
    if (editor && !editor.isDestroyed) setCommentHighlights(editor.view, { threads: highlighted });
  }, [editor, highlighted]);
  useEffect(() => {
    if (editor && !editor.isDestroyed) setCommentHighlights(editor.view, { activeId });
  }, [editor, activeId]);

  const value = useMemo<CommentsState>(
    () => ({
      pageId,
      threads,
      counts: query.data?.counts ?? { open: 0, resolved: 0 },
      loading: query.isPending,
      error: query.error,
      editor,
      setEditor,
      canComment,
      open,
      setOpen,
      draft,
      startDraft,
      cancelDraft,
      activeId,
      activate,
      people,
    }),
    [pageId, threads, query.data, query.isPending, query.error, editor, canComment, open, draft, startDraft, cancelDraft, activeId, activate, people],
  );
  return <CommentsContext.Provider value={value}>{children}</CommentsContext.Provider>;
}

// Ctrl/Cmd+Alt+M comments on the selection (or opens a page-level comment). `code`, not `key`:
// Alt changes the character typed (on a Mac, Option+M is "µ").
export function useCommentShortcut(comments: CommentsState | null): void {
  useEffect(() => {
    if (!comments?.canComment) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === 'KeyM') {
        event.preventDefault();
        comments.startDraft();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [comments]);
}
