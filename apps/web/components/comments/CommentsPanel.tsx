'use client';

import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { commentComposerExtensions, commentRanges, formatShortcut, type MentionPickerController, type ThreadRange } from '@tandem/editor';
import { CommentBody, type CommentView, type ThreadView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { useMe } from '@/lib/api/account';
import { useCreateThread, useDeleteComment, useEditComment, useReply, useResolveThread } from '@/lib/api/comments';
import { Avatar } from '@/components/ui/Avatar';
import { Button, IconButton } from '@/components/ui/Button';
import { Icon } from '@/components/ui/Icon';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import { useIsMac } from '@/components/editor/SlashMenuView';
import { useComments, type CommentsState } from './CommentsContext';
import styles from './comments.module.css';

type Filter = 'open' | 'resolved' | 'all';
const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];

// The page's comment threads beside the editor: page-level discussions first, then threads on text
// in the order of their text in the page, then threads whose text was deleted. Clicking a thread
// scrolls to its text and flashes it; clicking commented text selects its thread here.
export function CommentsPanel({ canModerate }: { canModerate: boolean }) {
  const comments = useComments();
  const [filter, setFilter] = useState<Filter>('open');
  const ranges = useThreadRanges(comments?.editor ?? null);
  // A resolved thread revealed from elsewhere (the inbox) must be in the list shown.
  const activeResolved = comments?.threads.some((t) => t.id === comments.activeId && t.resolvedAt) ?? false;
  useEffect(() => {
    if (activeResolved) setFilter((f) => (f === 'open' ? 'all' : f));
  }, [activeResolved]);
  if (!comments) return null;
  const { threads, draft, activeId } = comments;
  const shown = threads.filter((t) => (filter === 'all' ? true : filter === 'open' ? !t.resolvedAt : !!t.resolvedAt));
  const ordered = orderThreads(shown, ranges, comments.editor !== null);

  return (
    <aside className={styles.panel} aria-label="Comments" data-testid="comments-panel">
      <header className={styles.header}>
        <h2 className={styles.title}>Comments</h2>
        {comments.canComment ? (
          <Button size="small" onClick={() => comments.startDraft(true)} data-testid="new-page-comment">
            <Icon name="plus" size={14} /> Comment on page
          </Button>
        ) : null}
        <IconButton label="Close comments" onClick={() => comments.setOpen(false)}>
          <Icon name="close" />
        </IconButton>
      </header>
      <div className={styles.toolbar}>
        <div className={styles.segmented} role="group" aria-label="Show">
          {FILTERS.map((f) => (
            <button key={f.value} type="button" className={styles.segment} aria-pressed={filter === f.value} onClick={() => setFilter(f.value)} data-testid={`comments-filter-${f.value}`}>
              {f.label}
              {f.value === 'open' && comments.counts.open ? ` ${comments.counts.open}` : f.value === 'resolved' && comments.counts.resolved ? ` ${comments.counts.resolved}` : ''}
            </button>
          ))}
        </div>
      </div>
      {comments.loading ? (
        <Loading label="Loading comments…" />
      ) : comments.error ? (
        <ErrorState error={comments.error} what="comments" />
      ) : (
        <ol className={styles.list} data-testid="thread-list">
          {draft ? (
            <li>
              <NewThread comments={comments} />
            </li>
          ) : null}
          {ordered.length === 0 && !draft ? (
            <li className={styles.empty}>
              {filter === 'resolved'
                ? 'No resolved comments.'
                : comments.canComment
                  ? 'No comments yet. Select text and choose “Comment”, or comment on the whole page.'
                  : 'No comments yet.'}
            </li>
          ) : null}
          {ordered.map(({ thread, deleted }) => (
            <li key={thread.id}>
              <ThreadCard thread={thread} deleted={deleted} active={thread.id === activeId} comments={comments} canModerate={canModerate} />
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

// The editor's current ranges of every highlighted thread, re-read on each of its transactions.
function useThreadRanges(editor: Editor | null): Map<string, ThreadRange> {
  const subscribe = useMemo(
    () => (notify: () => void) => {
      if (!editor) return () => undefined;
      editor.on('transaction', notify);
      return () => void editor.off('transaction', notify);
    },
    [editor],
  );
  const empty = useMemo(() => new Map<string, ThreadRange>(), []);
  return useSyncExternalStore(subscribe, () => (editor && !editor.isDestroyed ? commentRanges(editor.state) : empty), () => empty);
}

function orderThreads(threads: ThreadView[], ranges: Map<string, ThreadRange>, editorReady: boolean): Array<{ thread: ThreadView; deleted: boolean }> {
  const position = (t: ThreadView): number => {
    if (!t.anchor) return -1;
    const range = ranges.get(t.id);
    return range ? range.from : Number.MAX_SAFE_INTEGER;
  };
  return [...threads]
    .sort((a, b) => position(a) - position(b) || a.createdAt.localeCompare(b.createdAt))
    .map((thread) => ({
      thread,
      // Resolved threads are not highlighted, so their place is not tracked: never call them deleted.
      deleted: editorReady && !!thread.anchor && !thread.resolvedAt && ranges.has(thread.id) && ranges.get(thread.id) === null,
    }));
}

function NewThread({ comments }: { comments: CommentsState }) {
  const create = useCreateThread(comments.pageId);
  const toast = useToast();
  const draft = comments.draft!;
  return (
    <div className={styles.newThread} data-testid="new-thread">
      {draft.anchor ? <blockquote className={styles.quote}>{draft.anchor.quote}</blockquote> : <p className={styles.deletedLabel}>On the page</p>}
      <Composer
        autoFocus
        placeholder={draft.anchor ? 'Add a comment…' : 'Comment on the page…'}
        submitLabel="Comment"
        pending={create.isPending}
        onCancel={comments.cancelDraft}
        onSubmit={(body, clear) =>
          create.mutate(
            { ...(draft.anchor ? { anchor: draft.anchor } : {}), body },
            {
              onSuccess: (thread) => {
                clear();
                comments.cancelDraft();
                comments.activate(thread.id);
              },
              onError: (err) => toast(`Could not comment: ${errorMessage(err)}`, 'error'),
            },
          )
        }
      />
    </div>
  );
}

function ThreadCard({ thread, deleted, active, comments, canModerate }: { thread: ThreadView; deleted: boolean; active: boolean; comments: CommentsState; canModerate: boolean }) {
  const resolve = useResolveThread(comments.pageId);
  const reply = useReply(comments.pageId);
  const toast = useToast();
  const resolved = thread.resolvedAt !== null;
  return (
    <article
      className={styles.thread}
      data-active={active}
      data-resolved={resolved}
      data-testid="thread"
      data-thread-id={thread.id}
      onClick={() => {
        if (!active) comments.activate(thread.id, true);
      }}
    >
      {thread.anchor ? (
        <>
          {deleted ? (
            <span className={styles.deletedLabel} data-testid="on-deleted-text">
              On deleted text
            </span>
          ) : null}
          <blockquote className={styles.quote} data-deleted={deleted}>
            {thread.anchor.quote}
          </blockquote>
        </>
      ) : null}
      {resolved ? <span className={styles.resolvedLabel}>Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy.name}` : ''}</span> : null}
      {thread.comments.map((comment) => (
        <CommentItem key={comment.id} comment={comment} pageId={comments.pageId} canComment={comments.canComment} canModerate={canModerate} />
      ))}
      {comments.canComment ? (
        <div className={styles.threadActions}>
          <button
            type="button"
            className={styles.smallButton}
            disabled={resolve.isPending}
            data-testid={resolved ? 'reopen-thread' : 'resolve-thread'}
            onClick={(event) => {
              event.stopPropagation();
              resolve.mutate({ threadId: thread.id, resolved: !resolved }, { onError: (err) => toast(`Could not ${resolved ? 'reopen' : 'resolve'}: ${errorMessage(err)}`, 'error') });
            }}
          >
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
        </div>
      ) : null}
      {active && comments.canComment && !resolved ? (
        <Composer
          placeholder="Reply…"
          submitLabel="Reply"
          pending={reply.isPending}
          onSubmit={(body, clear) =>
            reply.mutate({ threadId: thread.id, body }, { onSuccess: clear, onError: (err) => toast(`Could not reply: ${errorMessage(err)}`, 'error') })
          }
        />
      ) : null}
    </article>
  );
}

function CommentItem({ comment, pageId, canComment, canModerate }: { comment: CommentView; pageId: string; canComment: boolean; canModerate: boolean }) {
  const me = useMe();
  const edit = useEditComment(pageId);
  const remove = useDeleteComment(pageId);
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const mine = !!comment.author && comment.author.id === me.data?.user.id;
  const canDelete = (mine && canComment) || canModerate;
  return (
    <div className={styles.comment} data-testid="comment">
      {comment.author ? <Avatar id={comment.author.id} name={comment.author.name} size={24} /> : null}
      <div className={styles.commentMain}>
        <div className={styles.meta}>
          <span className={styles.author}>{comment.author?.name ?? 'Deleted account'}</span>
          <time className={styles.time} dateTime={comment.createdAt} title={new Date(comment.createdAt).toLocaleString()}>
            {relativeTime(comment.createdAt)}
            {comment.editedAt ? ' · edited' : ''}
          </time>
          <span style={{ flex: 1 }} />
          <span className={styles.commentActions}>
            {mine && canComment && !editing ? (
              <button type="button" className={styles.smallButton} onClick={() => setEditing(true)}>
                Edit
              </button>
            ) : null}
            {canDelete ? (
              <button
                type="button"
                className={styles.smallButton}
                disabled={remove.isPending}
                onClick={(event) => {
                  event.stopPropagation();
                  remove.mutate({ threadId: comment.threadId, commentId: comment.id }, { onError: (err) => toast(`Could not delete: ${errorMessage(err)}`, 'error') });
                }}
              >
                Delete
              </button>
            ) : null}
          </span>
        </div>
        {editing ? (
          <Composer
            autoFocus
            initial={comment.body}
            submitLabel="Save"
            pending={edit.isPending}
            onCancel={() => setEditing(false)}
            onSubmit={(body) =>
              edit.mutate({ threadId: comment.threadId, commentId: comment.id, body }, { onSuccess: () => setEditing(false), onError: (err) => toast(`Could not save: ${errorMessage(err)}`, 'error') })
            }
          />
        ) : (
          <div className={styles.body} data-testid="comment-body">
            <CommentBodyView body={comment.body} />
          </div>
        )}
      </div>
    </div>
  );
}

// A comment's body drawn from its JSON (never as HTML): paragraphs, marks, links, mentions, breaks.
export function CommentBodyView({ body }: { body: CommentBody }) {
  return (
    <>
      {body.content.map((paragraph, i) => (
        <p key={i}>
          {(paragraph.content ?? []).map((node, j) => {
            if (node.type === 'hardBreak') return <br key={j} />;
            if (node.type === 'mention') {
              return (
                <span key={j} className={styles.mention} data-mention-id={node.attrs.id}>
                  @{node.attrs.label ?? 'someone'}
                </span>
              );
            }
            let out: ReactNode = node.text;
            for (const mark of node.marks ?? []) {
              if (mark.type === 'bold') out = <strong>{out}</strong>;
              else if (mark.type === 'italic') out = <em>{out}</em>;
              else if (mark.type === 'underline') out = <u>{out}</u>;
              else if (mark.type === 'strike') out = <s>{out}</s>;
              else if (mark.type === 'code') out = <code>{out}</code>;
              else if (mark.type === 'link') {
                out = (
                  <a href={mark.attrs.href} target="_blank" rel="noopener noreferrer nofollow">
                    {out}
                  </a>
                );
              }
            }
            return <span key={j}>{out}</span>;
          })}
        </p>
      ))}
    </>
  );
}

// A small rich-text editor for one comment (CommentBody's subset); Mod-Enter sends.
function Composer({
  placeholder = '',
  submitLabel,
  initial,
  autoFocus,
  pending,
  onSubmit,
  onCancel,
}: {
  placeholder?: string;
  submitLabel: string;
  initial?: CommentBody;
  autoFocus?: boolean;
  pending: boolean;
  onSubmit: (body: CommentBody, clear: () => void) => void;
  onCancel?: () => void;
}) {
  const isMac = useIsMac();
  // The composer's extensions are fixed for its life; the picker reads the current members.
  const people = useComments()?.people ?? [];
  const peopleRef = useRef(people);
  peopleRef.current = people;
  const [error, setError] = useState<string | null>(null);
  const [empty, setEmpty] = useState(!initial);
  const submitRef = useMemo<{ current: () => boolean }>(() => ({ current: () => false }), []);
  const editor = useEditor({
    immediatelyRender: false,
    extensions: commentComposerExtensions({ placeholder, onSubmit: () => submitRef.current(), people: () => peopleRef.current }),
    content: initial ?? '',
    autofocus: autoFocus ? 'end' : false,
    editorProps: { attributes: { 'aria-label': placeholder || submitLabel, 'data-testid': 'comment-composer' } },
    onUpdate: ({ editor: e }) => {
      setEmpty(e.isEmpty);
      setError(null);
    },
  });
  submitRef.current = () => {
    if (!editor || pending) return true;
    const parsed = CommentBody.safeParse(editor.getJSON());
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message === 'must not be empty' ? 'Write something first.' : `This comment can’t be sent: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
      return true;
    }
    onSubmit(parsed.data, () => {
      editor.commands.clearContent(true);
      setEmpty(true);
    });
    return true;
  };
  return (
    <div className={styles.composer} onClick={(event) => event.stopPropagation()}>
      <EditorContent editor={editor} />
      {editor ? <MentionPicker picker={editor.storage.mention.picker} /> : null}
      <div className={styles.composerActions}>
        <span className={styles.composerHint}>{formatShortcut('Mod-Enter', isMac)} to send</span>
        {onCancel ? (
          <Button size="small" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button size="small" variant="primary" disabled={pending || empty} onClick={() => submitRef.current()} data-testid="comment-submit">
          {submitLabel}
        </Button>
      </div>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

// The "@" picker of a composer: people matching what was typed after "@", under the "@".
function MentionPicker({ picker }: { picker: MentionPickerController }) {
  const snapshot = useSyncExternalStore(picker.subscribe, picker.getSnapshot, picker.getSnapshot);
  if (!snapshot.open) return null;
  const rect = snapshot.clientRect?.();
  return (
    <ul className={styles.picker} role="listbox" aria-label="Mention someone" data-testid="mention-picker" style={rect ? { top: rect.bottom + 4, left: rect.left } : undefined}>
      {snapshot.items.length === 0 ? <li className={styles.pickerEmpty}>Nobody in this workspace matches “{snapshot.query}”.</li> : null}
      {snapshot.items.map((person, i) => (
        <li key={person.id}>
          <button
            type="button"
            role="option"
            aria-selected={i === snapshot.selectedIndex}
            className={styles.pickerItem}
            onMouseDown={(event) => {
              event.preventDefault();
              picker.choose(i);
            }}
          >
            <Avatar id={person.id} name={person.name} size={20} />
            {person.name}
          </button>
        </li>
      ))}
    </ul>
  );
}

function relativeTime(iso: string): string {
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString();
}
