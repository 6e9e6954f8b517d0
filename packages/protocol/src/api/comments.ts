import { z } from 'zod';
import { Id, utf8ByteLength, type Timestamp } from './common.js';
import { defineRoute } from './route.js';

export const CommentLimits = {
  // A comment's body as JSON, in UTF-8 bytes.
  bodyMaxBytes: 10 * 1024,
  // Paragraphs in one comment, and inline nodes in one paragraph.
  paragraphsMax: 100,
  inlineMax: 500,
  // The quoted text a thread keeps of its anchor (the client cuts longer selections).
  quoteMax: 1000,
  // One encoded Yjs relative position, as base64 (a few dozen bytes in practice).
  anchorMax: 256,
  // Threads per page of GET /pages/:id/threads.
  pageSize: 100,
  // Comments in one thread.
  threadMax: 500,
} as const;

const LINK_SCHEMES = ['http:', 'https:', 'mailto:'];

const Href = z
  .string({ error: 'must be a string' })
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(
    (href) => {
      try {
        return LINK_SCHEMES.includes(new URL(href).protocol);
      } catch {
        return false;
      }
    },
    { error: 'must be an absolute http(s) or mailto URL' },
  );

// The marks a comment may carry: the document's inline marks (attributes the editor adds to a link,
// like target and rel, are dropped: the app renders links its own way).
const CommentMark = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bold') }),
  z.object({ type: z.literal('italic') }),
  z.object({ type: z.literal('underline') }),
  z.object({ type: z.literal('strike') }),
  z.object({ type: z.literal('code') }),
  z.object({ type: z.literal('link'), attrs: z.object({ href: Href }) }),
]);

const CommentText = z.object({
  type: z.literal('text'),
  text: z.string().min(1, { error: 'must not be empty' }),
  marks: z.array(CommentMark).max(6).optional(),
});

// @someone: the id must be a person who can be mentioned on the page (checked by the server).
const CommentMention = z.object({
  type: z.literal('mention'),
  attrs: z.object({ id: Id, label: z.string().max(100).nullish() }),
});

const CommentHardBreak = z.object({ type: z.literal('hardBreak') });

const CommentInline = z.discriminatedUnion('type', [CommentText, CommentMention, CommentHardBreak]);

const CommentParagraph = z.object({
  type: z.literal('paragraph'),
  content: z.array(CommentInline).max(CommentLimits.inlineMax).optional(),
});

// A comment's body: the editor's JSON, restricted to paragraphs of text with marks, links,
// mentions and line breaks (no images, tables or other blocks). Unknown attributes are dropped.
export const CommentBody = z
  .object({
    type: z.literal('doc'),
    content: z.array(CommentParagraph).min(1, { error: 'must have a paragraph' }).max(CommentLimits.paragraphsMax),
  })
  .refine((doc) => commentPlainText(doc).trim().length > 0 || commentMentionIds(doc).length > 0, { error: 'must not be empty' })
  .refine((doc) => utf8ByteLength(JSON.stringify(doc)) <= CommentLimits.bodyMaxBytes, {
    error: `must be at most ${CommentLimits.bodyMaxBytes / 1024} KB`,
  });
export type CommentBody = z.output<typeof CommentBody>;

// The plain text of a comment (notifications, the quote of a reply, screen readers).
export function commentPlainText(doc: { content: Array<{ content?: Array<{ type: string; text?: string; attrs?: { label?: string | null } }> }> }): string {
  return doc.content
    .map((p) =>
      (p.content ?? [])
        .map((n) => (n.type === 'text' ? (n.text ?? '') : n.type === 'mention' ? `@${n.attrs?.label ?? ''}` : n.type === 'hardBreak' ? '\n' : ''))
        .join(''),
    )
    .join('\n');
}

// Everyone mentioned in a comment, each once.
export function commentMentionIds(doc: { content: Array<{ content?: Array<{ type: string; attrs?: { id?: string } }> }> }): string[] {
  const ids = new Set<string>();
  for (const p of doc.content) for (const n of p.content ?? []) if (n.type === 'mention' && typeof n.attrs?.id === 'string') ids.add(n.attrs.id);
  return [...ids];
}

const Base64 = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(CommentLimits.anchorMax, { error: `must be at most ${CommentLimits.anchorMax} characters` })
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: 'must be base64' });

// Where a thread sits in the page: Yjs relative positions (base64 of Y.encodeRelativePosition) of
// the start and the end of the commented text, and the text as it was when the thread was opened
// (shown when the text has since been deleted). The server checks both positions point into this
// page's document.
export const CommentAnchor = z.strictObject({
  start: Base64,
  end: Base64,
  quote: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(CommentLimits.quoteMax, { error: `must be at most ${CommentLimits.quoteMax} characters` }),
});
export type CommentAnchor = z.input<typeof CommentAnchor>;

// POST /pages/:id/threads → 201 ThreadView (commenter or better). Without `anchor`, a page-level
// discussion.
export const CreateThreadBody = z.strictObject({ anchor: CommentAnchor.optional(), body: CommentBody });
export type CreateThreadBody = z.input<typeof CreateThreadBody>;

// POST /pages/:id/threads/:threadId/comments → 201 CommentView (commenter or better).
// PATCH /pages/:id/threads/:threadId/comments/:commentId → 200 CommentView (the author only).
export const CommentContentBody = z.strictObject({ body: CommentBody });
export type CommentContentBody = z.input<typeof CommentContentBody>;

export const ThreadStatus = z.enum(['open', 'resolved', 'all'], { error: "must be 'open', 'resolved' or 'all'" });
export type ThreadStatus = z.infer<typeof ThreadStatus>;

// GET /pages/:id/threads?status=&cursor= : `cursor` is the `nextCursor` of the previous answer.
export const ListThreadsQuery = z.strictObject({ status: ThreadStatus.default('all'), cursor: Id.optional() });
export type ListThreadsQuery = z.input<typeof ListThreadsQuery>;

export interface CommentAuthor {
  id: string;
  name: string;
}

export interface CommentView {
  id: string;
  threadId: string;
  // null once the author's account is deleted.
  author: CommentAuthor | null;
  body: CommentBody;
  createdAt: Timestamp;
  editedAt: Timestamp | null;
}

export interface ThreadView {
  id: string;
  pageId: string;
  // null: a page-level discussion.
  anchor: { start: string; end: string; quote: string } | null;
  resolvedAt: Timestamp | null;
  resolvedBy: CommentAuthor | null;
  createdAt: Timestamp;
  // Oldest first; the first one opened the thread.
  comments: CommentView[];
}

// Open and resolved threads of the page (whatever the filter), for the header's badge and the tabs.
export interface ThreadCounts {
  open: number;
  resolved: number;
}

// GET /pages/:id/threads → oldest first (the panel orders anchored threads by their place in the
// page, which only the document knows); `nextCursor` null on the last page.
export interface ThreadListResponse {
  threads: ThreadView[];
  counts: ThreadCounts;
  nextCursor: string | null;
}

export const CommentRoutes = {
  list: defineRoute<ThreadListResponse>()({ method: 'GET', path: '/pages/:id/threads', query: ListThreadsQuery }),
  create: defineRoute<ThreadView>()({ method: 'POST', path: '/pages/:id/threads', body: CreateThreadBody }),
  reply: defineRoute<CommentView>()({ method: 'POST', path: '/pages/:id/threads/:threadId/comments', body: CommentContentBody }),
  edit: defineRoute<CommentView>()({ method: 'PATCH', path: '/pages/:id/threads/:threadId/comments/:commentId', body: CommentContentBody }),
  // Deleting a thread's first comment deletes the thread.
  remove: defineRoute<void>()({ method: 'DELETE', path: '/pages/:id/threads/:threadId/comments/:commentId' }),
  resolve: defineRoute<ThreadView>()({ method: 'POST', path: '/pages/:id/threads/:threadId/resolve' }),
  reopen: defineRoute<ThreadView>()({ method: 'POST', path: '/pages/:id/threads/:threadId/reopen' }),
  // A public link's readers see the page's threads (read only).
  shared: defineRoute<ThreadListResponse>()({ method: 'GET', path: '/share/:token/threads', query: ListThreadsQuery }),
} as const;
