import { Injectable } from '@nestjs/common';
import type { CommentBody } from '@tandem/protocol';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';

export interface CommentRow {
  id: string;
  threadId: string;
  authorId: string | null;
  body: unknown;
  createdAt: Date;
  editedAt: Date | null;
}

export interface ThreadRow {
  id: string;
  pageId: string;
  createdById: string | null;
  anchorStart: Uint8Array | null;
  anchorEnd: Uint8Array | null;
  quote: string | null;
  resolvedAt: Date | null;
  resolvedById: string | null;
  createdAt: Date;
  comments: CommentRow[];
}

export type ThreadFilter = 'open' | 'resolved' | 'all';

const COMMENT = { id: true, threadId: true, authorId: true, body: true, createdAt: true, editedAt: true } as const;
const THREAD = {
  id: true,
  pageId: true,
  createdById: true,
  anchorStart: true,
  anchorEnd: true,
  quote: true,
  resolvedAt: true,
  resolvedById: true,
  createdAt: true,
  comments: { select: COMMENT, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.CommentThreadSelect;

const statusWhere = (status: ThreadFilter): Prisma.CommentThreadWhereInput =>
  status === 'open' ? { resolvedAt: null } : status === 'resolved' ? { resolvedAt: { not: null } } : {};

// CommentThread and Comment rows. Every read takes the page id, so a thread or comment id of
// another page is simply not found.
@Injectable()
export class CommentRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Oldest first; `cursor` is the last id of the previous page. Ordered by (createdAt, id), which
  // the (pageId, createdAt) index serves.
  async list(pageId: string, status: ThreadFilter, limit: number, cursor?: string): Promise<ThreadRow[]> {
    return this.prisma.commentThread.findMany({
      where: { pageId, ...statusWhere(status) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: THREAD,
    });
  }

  async counts(pageId: string): Promise<{ open: number; resolved: number }> {
    const [open, resolved] = await Promise.all([
      this.prisma.commentThread.count({ where: { pageId, resolvedAt: null } }),
      this.prisma.commentThread.count({ where: { pageId, resolvedAt: { not: null } } }),
    ]);
    return { open, resolved };
  }

  async findThread(pageId: string, threadId: string): Promise<ThreadRow | null> {
    return this.prisma.commentThread.findFirst({ where: { id: threadId, pageId }, select: THREAD });
  }

  async createThread(input: {
    pageId: string;
    createdById: string;
    anchor: { start: Uint8Array; end: Uint8Array; quote: string } | null;
    body: CommentBody;
    text: string;
  }): Promise<ThreadRow> {
    return this.prisma.commentThread.create({
      data: {
        pageId: input.pageId,
        createdById: input.createdById,
        ...(input.anchor ? { anchorStart: Buffer.from(input.anchor.start), anchorEnd: Buffer.from(input.anchor.end), quote: input.anchor.quote } : {}),
        comments: { create: { authorId: input.createdById, body: input.body as Prisma.InputJsonValue, text: input.text } },
      },
      select: THREAD,
    });
  }

  // A reply, unless the thread is gone or full (null): counted and inserted under the thread's
  // row lock, so concurrent replies can't pass the cap together.
  async reply(threadId: string, authorId: string, body: CommentBody, text: string, max: number): Promise<CommentRow | 'full' | null> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "CommentThread" WHERE id = ${threadId}::uuid FOR UPDATE`;
      if (locked.length === 0) return null;
      if ((await tx.comment.count({ where: { threadId } })) >= max) return 'full';
      return tx.comment.create({ data: { threadId, authorId, body: body as Prisma.InputJsonValue, text }, select: COMMENT });
    });
  }

  async edit(commentId: string, body: CommentBody, text: string): Promise<CommentRow> {
    return this.prisma.comment.update({ where: { id: commentId }, data: { body: body as Prisma.InputJsonValue, text, editedAt: new Date() }, select: COMMENT });
  }

  // Deleting a thread's first comment deletes the thread (its replies answer nothing any more).
  async remove(thread: ThreadRow, commentId: string): Promise<'comment' | 'thread'> {
    if (thread.comments[0]?.id === commentId) {
      await this.prisma.commentThread.deleteMany({ where: { id: thread.id } });
      return 'thread';
    }
    await this.prisma.comment.deleteMany({ where: { id: commentId, threadId: thread.id } });
    return 'comment';
  }

  async setResolved(threadId: string, resolvedBy: string | null): Promise<void> {
    await this.prisma.commentThread.update({
      where: { id: threadId },
      data: resolvedBy ? { resolvedAt: new Date(), resolvedById: resolvedBy } : { resolvedAt: null, resolvedById: null },
    });
  }

  async commentsOnPublicLinks(workspaceId: string): Promise<boolean> {
    const ws = await this.prisma.workspace.findUnique({ where: { id: workspaceId }, select: { commentsOnPublicLinks: true } });
    return ws?.commentsOnPublicLinks ?? false;
  }

  // Which of these people can be mentioned in the workspace (its members, guests included: a page
  // shared with someone makes them a guest).
  async members(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.workspaceMember.findMany({ where: { workspaceId, userId: { in: [...ids] } }, select: { userId: true } });
    return new Set(rows.map((r) => r.userId));
  }

  async users(ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
    return new Map(users.map((u) => [u.id, u]));
  }
}
