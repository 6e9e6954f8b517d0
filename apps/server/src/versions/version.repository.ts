import { Injectable } from '@nestjs/common';
import type { VersionKind as ApiVersionKind } from '@tandem/protocol';
import type { VersionKind } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';

// A version as the history reads it (the state only when asked for).
export interface VersionRow {
  id: string;
  pageId: string;
  kind: VersionKind;
  name: string | null;
  createdById: string | null;
  authorIds: string[];
  size: number;
  createdAt: Date;
}

const ROW = { id: true, pageId: true, kind: true, name: true, createdById: true, authorIds: true, size: true, createdAt: true } as const;

// The database's names for the API's kinds (kept from before the API existed).
export const KIND_TO_DB: Record<ApiVersionKind, VersionKind> = { automatic: 'auto', named: 'named', before_restore: 'restore' };
export const KIND_FROM_DB: Record<VersionKind, ApiVersionKind> = { auto: 'automatic', named: 'named', restore: 'before_restore' };

// DocumentVersion rows for the history API. The worker's automatic versions are written by
// DocumentRepository.snapshot; versions saved by people (named, before a restore) here.
@Injectable()
export class VersionRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Newest first; `cursor` is the last id of the previous page. Ordered by (createdAt, id), which
  // the (pageId, createdAt) index serves.
  async list(pageId: string, limit: number, cursor?: string): Promise<VersionRow[]> {
    return this.prisma.documentVersion.findMany({
      where: { pageId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: ROW,
    });
  }

  // Whether `id` is a version of this page (a cursor or version id of another page is unknown).
  async find(pageId: string, id: string): Promise<VersionRow | null> {
    return this.prisma.documentVersion.findFirst({ where: { id, pageId }, select: ROW });
  }

  async findWithState(pageId: string, id: string): Promise<(VersionRow & { state: Uint8Array }) | null> {
    return this.prisma.documentVersion.findFirst({ where: { id, pageId }, select: { ...ROW, state: true } });
  }

  // The version just before `version` (null for the oldest).
  async previous(version: VersionRow): Promise<(VersionRow & { state: Uint8Array }) | null> {
    return this.prisma.documentVersion.findFirst({
      where: {
        pageId: version.pageId,
        OR: [{ createdAt: { lt: version.createdAt } }, { createdAt: version.createdAt, id: { lt: version.id } }],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { ...ROW, state: true },
    });
  }

  // A version people saved (named, or before a restore) of `state`: its authors are who edited
  // since the last version (the Document row's list, taken and cleared under the row's lock, plus
  // the authors of the not yet persisted updates in `state`, which the worker adds to the next
  // span too when it persists them).
  async save(input: { pageId: string; kind: VersionKind; name: string | null; createdById: string; state: Uint8Array; pendingAuthorIds: readonly string[] }): Promise<VersionRow> {
    return this.prisma.$transaction(async (tx) => {
      const [doc] = await tx.$queryRaw<{ authorIds: string[] }[]>`
        SELECT "authorIds" FROM "Document" WHERE "pageId" = ${input.pageId}::uuid FOR UPDATE`;
      const authorIds = [...new Set([...(doc?.authorIds ?? []), ...input.pendingAuthorIds])];
      const row = await tx.documentVersion.create({
        data: {
          pageId: input.pageId,
          kind: input.kind,
          name: input.name,
          createdById: input.createdById,
          state: Buffer.from(input.state),
          size: input.state.byteLength,
          authorIds,
        },
        select: ROW,
      });
      if (doc) await tx.document.update({ where: { pageId: input.pageId }, data: { authorIds: [] } });
      return row;
    });
  }

  // Runs `work` while holding the page's restore lock (a Postgres advisory lock, so across every
  // server instance): restores of one page run one after the other.
  async withPageLock<T>(pageId: string, work: () => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'restore:' + pageId}, 0))`;
        return work();
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }

  // Naming an automatic version keeps it: it becomes a named one, never pruned.
  async rename(id: string, name: string): Promise<VersionRow> {
    return this.prisma.$transaction(async (tx) => {
      const { kind } = await tx.documentVersion.findUniqueOrThrow({ where: { id }, select: { kind: true } });
      return tx.documentVersion.update({ where: { id }, data: { name, ...(kind === 'auto' ? { kind: 'named' as const } : {}) }, select: ROW });
    });
  }

  async users(ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
    return new Map(users.map((u) => [u.id, u]));
  }
}
