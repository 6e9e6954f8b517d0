import { HttpStatus, Injectable } from '@nestjs/common';
import {
  CommentLimits,
  ErrorCode,
  commentMentionIds,
  commentPlainText,
  roleAtLeast,
  type CommentAnchor,
  type CommentBody,
  type CommentView,
  type ThreadListResponse,
  type ThreadStatus,
  type ThreadView,
} from '@tandem/protocol';
import * as Y from 'yjs';
import { AccessService, type PageAccess } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { countAttempt } from '../auth/attempts.js';
import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { RealtimeChannel, realtimeMessage } from '../events/realtime-channels.js';
import { NotifyCommentService } from '../notifications/notify-comment.service.js';
import { HistoryComputeService } from '../versions/history-compute.service.js';
import { CommentRepository, type CommentRow, type ThreadRow } from './comment.repository.js';

// Comment threads of a page. Everyone who sees the page (viewers, public links) reads them;
// commenters and better open threads, reply and resolve; only a comment's author edits it; the
// author, editors and admins delete it. A thread or comment id that is not of this page is 404,
// like a page the caller cannot see.
@Injectable()
export class CommentsService {
  constructor(
    private readonly comments: CommentRepository,
    private readonly access: AccessService,
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly compute: HistoryComputeService,
    private readonly limits: RateLimitRepository,
    private readonly after: AfterCommit,
    private readonly config: AppConfig,
    private readonly notify: NotifyCommentService,
  ) {}

  async list(auth: AuthContext, pageId: string, status: ThreadStatus, cursor: string | undefined): Promise<ThreadListResponse> {
    await this.access.requirePage(auth.principal, pageId, 'viewer');
    return this.listFor(pageId, status, cursor);
  }

  // A public link's readers: the threads of the link's page (the link's token is the credential).
  async listShared(token: string, status: ThreadStatus, cursor: string | undefined): Promise<ThreadListResponse> {
    const principal = await this.access.linkPrincipal(token);
    if (!principal) throw ApiError.notFound('Shared page');
    const access = await this.access.requirePage(principal, principal.pageId, 'viewer');
    // The workspace may hide comments from public links: then there are none to find.
    if (!(await this.comments.commentsOnPublicLinks(access.workspaceId))) throw ApiError.notFound('Threads');
    return this.listFor(principal.pageId, status, cursor);
  }

  private async listFor(pageId: string, status: ThreadStatus, cursor: string | undefined): Promise<ThreadListResponse> {
    if (cursor && !(await this.comments.findThread(pageId, cursor))) throw ApiError.validation({ 'query.cursor': 'is not a cursor of this list' });
    const [rows, counts] = await Promise.all([this.comments.list(pageId, status, CommentLimits.pageSize + 1, cursor), this.comments.counts(pageId)]);
    const page = rows.slice(0, CommentLimits.pageSize);
    return { threads: await this.views(page), counts, nextCursor: rows.length > CommentLimits.pageSize ? page.at(-1)!.id : null };
  }

  async create(auth: AuthContext, pageId: string, input: { anchor?: CommentAnchor; body: CommentBody }, client: ClientMeta): Promise<ThreadView> {
    const access = await this.requireCommenter(auth, pageId);
    await this.checkMentions(access, input.body);
    const anchor = input.anchor ? await this.checkAnchor(pageId, input.anchor) : null;
    await this.countPost(auth);
    const row = await this.comments.createThread({ pageId, createdById: auth.user.id, anchor, body: input.body, text: commentPlainText(input.body) });
    await this.changed(access, auth, client, pageId, row.id, 'comment.thread_created', { commentId: row.comments[0]!.id });
    await this.notify.posted({ actorId: auth.user.id, pageId, threadId: row.id, commentId: row.comments[0]!.id, body: input.body, participantIds: [] });
    return (await this.views([row]))[0]!;
  }

  async reply(auth: AuthContext, pageId: string, threadId: string, body: CommentBody, client: ClientMeta): Promise<CommentView> {
    const access = await this.requireCommenter(auth, pageId);
    const thread = await this.mustFindThread(pageId, threadId);
    await this.checkMentions(access, body);
    await this.countPost(auth);
    const row = await this.comments.reply(threadId, auth.user.id, body, commentPlainText(body), CommentLimits.threadMax);
    if (row === null) throw ApiError.notFound('Thread');
    if (row === 'full') throw ApiError.conflict(`This thread has reached ${CommentLimits.threadMax} comments; start a new one.`);
    await this.changed(access, auth, client, pageId, threadId, 'comment.created', { commentId: row.id });
    const participantIds = [thread.createdById, ...thread.comments.map((c) => c.authorId)].filter((id): id is string => id !== null);
    await this.notify.posted({ actorId: auth.user.id, pageId, threadId, commentId: row.id, body, participantIds });
    return (await this.commentViews([row]))[0]!;
  }

  async edit(auth: AuthContext, pageId: string, threadId: string, commentId: string, body: CommentBody, client: ClientMeta): Promise<CommentView> {
    const access = await this.access.requirePage(auth.principal, pageId, 'viewer');
    const comment = this.mustFindComment(await this.mustFindThread(pageId, threadId), commentId);
    if (comment.authorId !== auth.user.id) throw ApiError.forbidden('Only its author can edit a comment.');
    this.requireWritable(access, 'commenter');
    await this.checkMentions(access, body);
    const row = await this.comments.edit(commentId, body, commentPlainText(body));
    await this.changed(access, auth, client, pageId, threadId, 'comment.edited', { commentId });
    // Someone the edit newly mentions is told (one notification per person per comment).
    await this.notify.posted({ actorId: auth.user.id, pageId, threadId, commentId, body, participantIds: [], edit: true });
    return (await this.commentViews([row]))[0]!;
  }

  async remove(auth: AuthContext, pageId: string, threadId: string, commentId: string, client: ClientMeta): Promise<void> {
    const access = await this.access.requirePage(auth.principal, pageId, 'viewer');
    const thread = await this.mustFindThread(pageId, threadId);
    const comment = this.mustFindComment(thread, commentId);
    // Editors and admins moderate; the author may take back their own words while they may comment.
    this.requireWritable(access, comment.authorId === auth.user.id ? 'commenter' : 'editor');
    const removed = await this.comments.remove(thread, commentId);
    await this.changed(access, auth, client, pageId, threadId, removed === 'thread' ? 'comment.thread_deleted' : 'comment.deleted', { commentId });
  }

  async setResolved(auth: AuthContext, pageId: string, threadId: string, resolved: boolean, client: ClientMeta): Promise<ThreadView> {
    const access = await this.requireCommenter(auth, pageId);
    const thread = await this.mustFindThread(pageId, threadId);
    if ((thread.resolvedAt !== null) !== resolved) {
      await this.comments.setResolved(threadId, resolved ? auth.user.id : null);
      await this.changed(access, auth, client, pageId, threadId, resolved ? 'comment.thread_resolved' : 'comment.thread_reopened', {});
    }
    return (await this.views([(await this.comments.findThread(pageId, threadId)) ?? thread]))[0]!;
  }

  private async requireCommenter(auth: AuthContext, pageId: string): Promise<PageAccess> {
    const access = await this.access.requirePage(auth.principal, pageId, 'commenter');
    this.requireWritable(access, 'commenter');
    return access;
  }

  private requireWritable(access: PageAccess, required: 'commenter' | 'editor'): void {
    if (!roleAtLeast(access.role, required)) {
      throw ApiError.forbidden(required === 'editor' ? 'Only its author, editors and admins can delete a comment.' : 'You need commenter on this page to do that.');
    }
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
  }

  // 429 past COMMENT_RATE_MAX threads and replies per person per window (every server instance
  // counts in the same Redis window).
  private countPost(auth: AuthContext): Promise<void> {
    return countAttempt(this.limits, 'comment', auth.user.id, this.config.COMMENT_RATE_MAX, this.config.COMMENT_RATE_WINDOW_SECONDS * 1000);
  }

  // Everyone mentioned must be someone of the page's workspace.
  private async checkMentions(access: PageAccess, body: CommentBody): Promise<void> {
    const ids = commentMentionIds(body);
    const known = await this.comments.members(access.workspaceId, ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw ApiError.validation({ 'body.body': `mentions someone who is not in this workspace (${unknown.join(', ')})` });
  }

  // Both positions must point into this page's document as it is now (its persisted state plus
  // the stream entries after it): an anchor made in another page, or made up, is refused.
  private async checkAnchor(pageId: string, anchor: CommentAnchor): Promise<{ start: Uint8Array; end: Uint8Array; quote: string }> {
    const row = await this.documents.find(pageId);
    const entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', 1_000_000);
    const parts: Uint8Array[] = [...(row ? [row.state] : []), ...entries.map((e) => e.update)];
    if (parts.length === 0) parts.push(Y.encodeStateAsUpdate(new Y.Doc()));
    let inPage: boolean[];
    try {
      inPage = await this.compute.run({ kind: 'anchors', parts, anchors: [{ start: anchor.start, end: anchor.end }] });
    } catch (err) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, `The page could not be read to place the comment: ${(err as Error).message}`);
    }
    if (!inPage[0]) throw ApiError.validation({ 'body.anchor': 'does not point into this page' });
    return { start: Buffer.from(anchor.start, 'base64'), end: Buffer.from(anchor.end, 'base64'), quote: anchor.quote };
  }

  private async mustFindThread(pageId: string, threadId: string): Promise<ThreadRow> {
    const thread = await this.comments.findThread(pageId, threadId);
    if (!thread) throw ApiError.notFound('Thread');
    return thread;
  }

  private mustFindComment(thread: ThreadRow, commentId: string): CommentRow {
    const comment = thread.comments.find((c) => c.id === commentId);
    if (!comment) throw ApiError.notFound('Comment');
    return comment;
  }

  // write → audit → publish: every open editor of the page refetches its threads.
  private async changed(access: PageAccess, auth: AuthContext, client: ClientMeta, pageId: string, threadId: string, action: string, metadata: Record<string, string>): Promise<void> {
    await this.after.run({
      audit: { action, targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { threadId, ...metadata } },
      publish: [realtimeMessage(RealtimeChannel.PageCommentsChanged, { pageId, threadId })],
    });
  }

  private async views(rows: readonly ThreadRow[]): Promise<ThreadView[]> {
    const users = await this.comments.users(rows.flatMap((r) => [...(r.resolvedById ? [r.resolvedById] : []), ...r.comments.flatMap((c) => (c.authorId ? [c.authorId] : []))]));
    return rows.map((r) => ({
      id: r.id,
      pageId: r.pageId,
      anchor: r.anchorStart && r.anchorEnd ? { start: Buffer.from(r.anchorStart).toString('base64'), end: Buffer.from(r.anchorEnd).toString('base64'), quote: r.quote ?? '' } : null,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      resolvedBy: r.resolvedById ? (users.get(r.resolvedById) ?? null) : null,
      createdAt: r.createdAt.toISOString(),
      comments: r.comments.map((c) => commentView(c, users)),
    }));
  }

  private async commentViews(rows: readonly CommentRow[]): Promise<CommentView[]> {
    const users = await this.comments.users(rows.flatMap((c) => (c.authorId ? [c.authorId] : [])));
    return rows.map((c) => commentView(c, users));
  }
}

function commentView(c: CommentRow, users: Map<string, { id: string; name: string }>): CommentView {
  return {
    id: c.id,
    threadId: c.threadId,
    author: c.authorId ? (users.get(c.authorId) ?? null) : null,
    body: c.body as CommentBody,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt?.toISOString() ?? null,
  };
}
