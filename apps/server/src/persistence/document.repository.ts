import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';

export interface PersistedDocument {
  state: Uint8Array;
  persistedUpTo: string;
  updatesSinceSnapshot: number;
  lastSnapshotAt: Date | null;
}

export interface PersistWrite {
  state: Uint8Array;
  stateVector: Uint8Array;
  persistedUpTo: string;
  text: string;
  updates: number;
  // An automatic version is due: reset the counters in this same write (the snapshot job then only
  // inserts the version), so a snapshot costs no extra Document write.
  snapshotDue: boolean;
}

export type GuardedWriteResult = 'written' | 'stale' | 'page_gone';

// The Document and DocumentVersion rows: the persisted half of a page's truth.
@Injectable()
export class DocumentRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(pageId: string): Promise<PersistedDocument | null> {
    const row = await this.prisma.document.findUnique({
      where: { pageId },
      select: { state: true, persistedUpTo: true, updatesSinceSnapshot: true, lastSnapshotAt: true },
    });
    return row;
  }

  // The page's workspace if the page exists and is not in the trash.
  async livePageWorkspace(pageId: string): Promise<string | null> {
    const page = await this.prisma.page.findFirst({ where: { id: pageId, deletedAt: null }, select: { workspaceId: true } });
    return page?.workspaceId ?? null;
  }

  // Compare-and-set on persistedUpTo: only the merge that started from the row's current position
  // may write, so an older merge can never overwrite a newer one.
  async guardedWrite(pageId: string, expectedUpTo: string | null, write: PersistWrite): Promise<GuardedWriteResult> {
    const data = {
      state: Buffer.from(write.state),
      stateVector: Buffer.from(write.stateVector),
      persistedUpTo: write.persistedUpTo,
      size: write.state.byteLength,
      text: write.text,
    };
    if (expectedUpTo === null) {
      try {
        await this.prisma.document.create({
          data: { pageId, ...data, ...(write.snapshotDue ? { updatesSinceSnapshot: 0, lastSnapshotAt: new Date() } : { updatesSinceSnapshot: write.updates }) },
        });
        return 'written';
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return 'stale';
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2003') return 'page_gone';
        throw err;
      }
    }
    const { count } = await this.prisma.document.updateMany({
      where: { pageId, persistedUpTo: expectedUpTo },
      data: {
        ...data,
        ...(write.snapshotDue ? { updatesSinceSnapshot: 0, lastSnapshotAt: new Date() } : { updatesSinceSnapshot: { increment: write.updates } }),
      },
    });
    return count === 1 ? 'written' : 'stale';
  }

  // Gives a new page its server-built first state (seeding, import): creates the row, or fills the
  // empty one page creation made as long as nothing was ever persisted into it. Content of a live
  // document only ever changes through updates.
  async createInitial(pageId: string, state: Uint8Array, stateVector: Uint8Array, text: string): Promise<boolean> {
    const data = { state: Buffer.from(state), stateVector: Buffer.from(stateVector), size: state.byteLength, text };
    try {
      await this.prisma.document.create({ data: { pageId, ...data } });
      return true;
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    }
    const { count } = await this.prisma.document.updateMany({ where: { pageId, persistedUpTo: '0-0', updatesSinceSnapshot: 0 }, data });
    return count === 1;
  }

  // An automatic version of the current state, then drop automatic versions beyond `keep`.
  async snapshot(pageId: string, keep: number): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const doc = await tx.document.findUnique({ where: { pageId }, select: { state: true } });
      if (!doc) return false;
      await tx.documentVersion.create({ data: { pageId, state: doc.state, kind: 'auto' } });
      const stale = await tx.documentVersion.findMany({
        where: { pageId, kind: 'auto' },
        orderBy: { createdAt: 'desc' },
        skip: keep,
        select: { id: true },
      });
      if (stale.length) await tx.documentVersion.deleteMany({ where: { id: { in: stale.map((v) => v.id) } } });
      return true;
    });
  }
}
