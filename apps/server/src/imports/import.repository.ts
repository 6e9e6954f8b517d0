import { Injectable } from '@nestjs/common';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import type { InitialDocument } from '../documents/document-seed.service.js';
import type { NewFile } from '../files/file.repository.js';
import { insertNewPageLinks } from '../documents/page-link.repository.js';
import { PrismaService } from '../infra/prisma.service.js';

export interface ImportedPage {
  id: string;
  parentId: string | null;
  title: string;
  document: InitialDocument;
}

export class ImportParentGone extends Error {}

@Injectable()
export class ImportRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Every page, its document and its files in one transaction, under the workspace's tree lock (the
  // one PageRepository takes): the import's top pages go after the parent's last child, the rest in
  // the order given. Throws ImportParentGone when the parent was trashed meanwhile; on any failure
  // nothing was written.
  async createAll(workspaceId: string, parentId: string | null, createdById: string, pages: readonly ImportedPage[], files: readonly NewFile[]): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`page-tree:${workspaceId}`}, 0))`;
        if (parentId && (await tx.page.count({ where: { id: parentId, workspaceId, deletedAt: null } })) === 0) throw new ImportParentGone();
        const siblings = await tx.page.findMany({ where: { workspaceId, parentId, deletedAt: null }, select: { position: true } });
        const last = siblings.map((s) => s.position).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).pop() ?? null;
        const byParent = new Map<string | null, ImportedPage[]>();
        for (const page of pages) byParent.set(page.parentId, [...(byParent.get(page.parentId) ?? []), page]);
        const positions = new Map<string, string>();
        for (const [planned, group] of byParent) {
          const keys = planned === null ? generateNKeysBetween(last, null, group.length) : generateNKeysBetween(null, null, group.length);
          group.forEach((p, i) => positions.set(p.id, keys[i] ?? generateKeyBetween(null, null)));
        }
        for (const page of pages) {
          const { linkedPageIds: _links, ...document } = page.document;
          await tx.page.create({
            data: {
              id: page.id,
              workspaceId,
              parentId: page.parentId ?? parentId,
              title: page.title,
              position: positions.get(page.id)!,
              createdById,
              document: { create: { ...document, size: document.state.byteLength } },
            },
          });
        }
        await insertNewPageLinks(tx, workspaceId, pages.map((p) => ({ id: p.id, linkedPageIds: p.document.linkedPageIds })));
        if (files.length) await tx.file.createMany({ data: [...files] });
      },
      { timeout: 60_000, maxWait: 15_000 },
    );
  }
}
