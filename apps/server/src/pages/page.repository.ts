import { Injectable } from '@nestjs/common';
import * as Y from 'yjs';
import { PrismaService } from '../infra/prisma.service.js';
import type { Page, Prisma } from '../generated/prisma/client.js';
import type { InitialDocument } from '../documents/document-seed.service.js';
import type { NewFile } from '../files/file.repository.js';
import { insertNewPageLinks } from '../documents/page-link.repository.js';
import { byPosition, positionAmong } from './position.js';

// A tree rule the database state broke while we held the workspace's lock.
export class TreeRuleError extends Error {
  constructor(readonly rule: 'parent_missing' | 'page_missing' | 'cycle') {
    super(rule);
  }
}

type Tx = Prisma.TransactionClient;

// The columns of a page the sidebar's tree lists (TreePage, without the caller's role).
const TREE_COLUMNS = { id: true, parentId: true, title: true, icon: true, position: true, template: true, kind: true } satisfies Prisma.PageSelect;
export type TreeRow = Prisma.PageGetPayload<{ select: typeof TREE_COLUMNS }>;

// Root pages first, then grouped by parent (any stable order; the client builds the tree).
function compareIds(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export type PageUpdate = Partial<Pick<Page, 'title' | 'icon' | 'fullWidth' | 'smallText' | 'lockedAt' | 'cover' | 'coverPosition' | 'template'>>;

// One page of a duplicate: the original's fields with new ids (see PageDuplicateService).
export interface PageCopy {
  id: string;
  parentId: string | null;
  // The original's position, kept by sub-pages (unique under their new parent as it was under the old).
  position: string;
  title: string;
  icon: string | null;
  fullWidth: boolean;
  smallText: boolean;
  cover: string | null;
  coverPosition: number;
  kind: 'page' | 'database';
  // Omitted: the page starts empty.
  document?: InitialDocument;
}

export interface PlaceAt {
  parentId: string | null;
  afterId?: string | null;
  beforeId?: string | null;
}

// One transaction per tree change, serialized per workspace by a transaction-scoped advisory lock
// (released at commit/rollback; other workspaces are unaffected). Row pages (databases/) take it too.
export function inTreeLock<T>(prisma: PrismaService, workspaceId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`page-tree:${workspaceId}`}, 0))`;
    return fn(tx);
  }, { timeout: 15_000, maxWait: 15_000 });
}

// The empty Yjs document every new page starts from: built here, never seeded by a client (I3).
export function emptyDocument(): { state: Uint8Array<ArrayBuffer>; stateVector: Uint8Array<ArrayBuffer>; linkedPageIds?: string[] } {
  const doc = new Y.Doc();
  const state = Y.encodeStateAsUpdate(doc);
  const stateVector = Y.encodeStateVector(doc);
  doc.destroy();
  return { state: new Uint8Array(state), stateVector: new Uint8Array(stateVector) };
}

@Injectable()
export class PageRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(id: string): Promise<Page | null> {
    return this.prisma.page.findUnique({ where: { id } });
  }

  findMany(ids: string[]): Promise<Page[]> {
    return this.prisma.page.findMany({ where: { id: { in: ids } } });
  }

  // Every live page of a workspace, siblings in position order (code-point order, sorted here so
  // no database collation can interfere). Rows of databases are not in the tree: they show inside
  // their database (a duplicate's copy of a database gets no row pages either, so none are copied).
  async liveTree(workspaceId: string): Promise<Page[]> {
    return sortTree(await this.prisma.page.findMany({ where: { workspaceId, deletedAt: null, kind: { not: 'row' } } }));
  }

  // The sidebar's tree: the live tree plus the rows that hold pages of their own (a sub-page or a
  // database made inside a row page), so those pages show under their row instead of vanishing
  // with it. A row inside a database inside a row brings that row too.
  // `under`: only these pages and what is below them (a guest's shared pages: in a workspace of
  // 10,000 pages the whole tree was read, 150–210 ms, to show a guest a hundred). The same pages as
  // the whole tree's below those, so the roles resolved over them are the same.
  // Only the columns the tree lists (TREE_COLUMNS): reading whole rows cost twice the time.
  async sidebarTree(workspaceId: string, under: readonly string[] | null = null): Promise<TreeRow[]> {
    if (under) return sortTree(keepRowsHoldingPages(await this.liveSubtrees(workspaceId, under)));
    const pages = await this.prisma.page.findMany({ where: { workspaceId, deletedAt: null, kind: { not: 'row' } }, select: TREE_COLUMNS });
    const ids = new Set(pages.map((p) => p.id));
    for (let missing = parentsOutside(pages, ids); missing.length; ) {
      const rows = await this.prisma.page.findMany({ where: { id: { in: missing }, workspaceId, deletedAt: null, kind: 'row' }, select: TREE_COLUMNS });
      for (const row of rows) ids.add(row.id);
      pages.push(...rows);
      missing = parentsOutside(rows, ids);
    }
    return sortTree(pages);
  }

  // Changes whenever any page of the workspace is written (every insert, update or delete gives the
  // row a new xmin, and a delete changes the count): what MemberTreeCache checks an entry against.
  async treeFingerprint(workspaceId: string): Promise<string> {
    const [row] = await this.prisma.$queryRaw<{ f: string }[]>`
      SELECT count(*)::text || ':' || coalesce(sum(hashtext(xmin::text)::bigint), 0)::text AS f FROM "Page" WHERE "workspaceId" = ${workspaceId}::uuid`;
    return row!.f;
  }

  // Live pages of every kind from `roots` down, stopping at trashed ones (as the whole tree does:
  // a live page under a trashed one is a root of its own there).
  private async liveSubtrees(workspaceId: string, roots: readonly string[]): Promise<TreeRow[]> {
    if (!roots.length) return [];
    const found = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE sub AS (
        SELECT id FROM "Page" WHERE id = ANY(${[...roots]}::uuid[]) AND "workspaceId" = ${workspaceId}::uuid AND "deletedAt" IS NULL
        UNION
        -- Children by the parentId index, page by page (OFFSET 0: as a join the planner may read the
        -- whole workspace).
        SELECT c.id FROM sub s CROSS JOIN LATERAL (SELECT id FROM "Page" c WHERE c."parentId" = s.id AND c."deletedAt" IS NULL OFFSET 0) c
      )
      SELECT id::text FROM sub`;
    return found.length ? this.prisma.page.findMany({ where: { id: { in: found.map((r) => r.id) } }, select: TREE_COLUMNS }) : [];
  }

  // Trashed pages that a trash action started from, newest first, with how many pages went with them.
  // Rows deleted from their database are not listed: they come back with the row (undo, history).
  async trashRoots(workspaceId: string): Promise<Array<Page & { descendantCount: number }>> {
    const roots = await this.prisma.page.findMany({ where: { workspaceId, deletedAt: { not: null }, trashedRootId: { not: null }, kind: { not: 'row' } }, orderBy: { deletedAt: 'desc' } });
    const own = roots.filter((p) => p.trashedRootId === p.id);
    if (!own.length) return [];
    const counts = await this.prisma.page.groupBy({ by: ['trashedRootId'], where: { trashedRootId: { in: own.map((p) => p.id) } }, _count: { _all: true } });
    const byRoot = new Map(counts.map((c) => [c.trashedRootId, c._count._all]));
    return own.map((p) => ({ ...p, descendantCount: (byRoot.get(p.id) ?? 1) - 1 }));
  }

  // `document`: the page's server-built first state (template or import); empty when omitted.
  create(input: PlaceAt & { id?: string; workspaceId: string; title: string; icon: string | null; createdById: string; kind?: 'page' | 'database'; document?: InitialDocument }): Promise<Page> {
    return this.inTreeLock(input.workspaceId, async (tx) => {
      if (input.parentId) await this.requireLive(tx, input.workspaceId, input.parentId, 'parent_missing');
      const siblings = await this.siblings(tx, input.workspaceId, input.parentId, null);
      const position = positionAmong(siblings, input.afterId, input.beforeId);
      const { linkedPageIds = [], ...document } = input.document ?? emptyDocument();
      const page = await tx.page.create({
        data: {
          id: input.id,
          workspaceId: input.workspaceId,
          parentId: input.parentId,
          title: input.title,
          icon: input.icon,
          position,
          createdById: input.createdById,
          kind: input.kind ?? 'page',
          document: { create: { ...document, size: document.state.byteLength } },
        },
      });
      // Links in imported content count at once (later edits: the worker, at persist time).
      if (linkedPageIds.length) {
        await tx.$executeRaw`
          INSERT INTO "PageLink" ("sourceId", "targetId")
          SELECT ${page.id}::uuid, tp.id FROM "Page" tp
          WHERE tp.id = ANY(${linkedPageIds}::uuid[]) AND tp."workspaceId" = ${input.workspaceId}::uuid AND tp.id <> ${page.id}::uuid
          ON CONFLICT DO NOTHING`;
      }
      return page;
    });
  }

  // A rename, icon, cover or option change. `editorId` (for title, icon and cover) becomes one of
  // the page's editors (search's "edited by"); layout options and the lock name nobody.
  async update(id: string, data: PageUpdate, editorId: string | null): Promise<Page> {
    if (!editorId) return this.prisma.page.update({ where: { id }, data });
    const editedAt = new Date();
    const [page] = await this.prisma.$transaction([
      this.prisma.page.update({ where: { id }, data }),
      this.prisma.pageEditor.upsert({ where: { pageId_userId: { pageId: id, userId: editorId } }, create: { pageId: id, userId: editorId, editedAt }, update: { editedAt } }),
    ]);
    return page;
  }

  file(id: string): Promise<{ pageId: string | null; mime: string } | null> {
    return this.prisma.file.findUnique({ where: { id }, select: { pageId: true, mime: true } });
  }

  // A duplicate's pages, documents and file rows in one transaction under the tree lock. The first
  // copy goes right after `sourceId` among its siblings (`place` 'after_source'), or between the
  // given siblings of its parent (a page from a template); the others keep their positions. Throws
  // TreeRuleError when the original (or the parent of the copy) left the tree meanwhile.
  createCopies(
    workspaceId: string,
    sourceId: string,
    createdById: string,
    copies: readonly PageCopy[],
    files: readonly NewFile[],
    place: 'after_source' | { afterId?: string | null; beforeId?: string | null } = 'after_source',
  ): Promise<Page> {
    return this.inTreeLock(workspaceId, async (tx) => {
      await this.requireLive(tx, workspaceId, sourceId, 'page_missing');
      const [top, ...rest] = copies;
      if (!top) throw new TreeRuleError('page_missing');
      if (top.parentId) await this.requireLive(tx, workspaceId, top.parentId, 'parent_missing');
      const siblings = await this.siblings(tx, workspaceId, top.parentId, null);
      // After the original; last if the original was moved elsewhere meanwhile.
      const position =
        place === 'after_source' ? positionAmong(siblings, siblings.some((p) => p.id === sourceId) ? sourceId : null) : positionAmong(siblings, place.afterId, place.beforeId);
      let first: Page | null = null;
      for (const copy of [{ ...top, position }, ...rest]) {
        const { linkedPageIds: _links, ...document } = copy.document ?? emptyDocument();
        const { document: _document, ...fields } = copy;
        const page = await tx.page.create({ data: { ...fields, workspaceId, createdById, document: { create: { ...document, size: document.state.byteLength } } } });
        first ??= page;
      }
      await insertNewPageLinks(tx, workspaceId, copies.map((c) => ({ id: c.id, linkedPageIds: c.document?.linkedPageIds ?? [] })));
      if (files.length) await tx.file.createMany({ data: [...files] });
      return first!;
    });
  }

  // Re-parents and/or reorders under the workspace's tree lock, so two concurrent moves can't
  // build a cycle between them (each sees the other's committed result) and positions stay unique.
  move(workspaceId: string, pageId: string, to: PlaceAt): Promise<Page> {
    return this.inTreeLock(workspaceId, async (tx) => {
      await this.requireLive(tx, workspaceId, pageId, 'page_missing');
      if (to.parentId) {
        await this.requireLive(tx, workspaceId, to.parentId, 'parent_missing');
        const above = await this.ancestorIds(tx, to.parentId);
        if (to.parentId === pageId || above.includes(pageId)) throw new TreeRuleError('cycle');
      }
      const siblings = await this.siblings(tx, workspaceId, to.parentId, pageId);
      const position = positionAmong(siblings, to.afterId, to.beforeId);
      return tx.page.update({ where: { id: pageId }, data: { parentId: to.parentId, position } });
    });
  }

  // Trashes the page and every live descendant, remembering the page as the root of this action.
  trash(workspaceId: string, pageId: string): Promise<string[]> {
    return this.inTreeLock(workspaceId, async (tx) => {
      await this.requireLive(tx, workspaceId, pageId, 'page_missing');
      const ids = await this.liveSubtreeIds(tx, pageId);
      await tx.page.updateMany({ where: { id: { in: ids } }, data: { deletedAt: new Date(), trashedRootId: pageId } });
      return ids;
    });
  }

  // Restores exactly what the trash action on `rootId` took. If the old parent is itself in the
  // trash now, the page comes back at the workspace root (last) instead of staying invisible.
  restore(workspaceId: string, rootId: string): Promise<{ page: Page; ids: string[] }> {
    return this.inTreeLock(workspaceId, async (tx) => {
      const root = await tx.page.findFirst({ where: { id: rootId, workspaceId, trashedRootId: rootId } });
      if (!root) throw new TreeRuleError('page_missing');
      const parent = root.parentId ? await tx.page.findUnique({ where: { id: root.parentId } }) : null;
      const affected = await tx.page.findMany({ where: { trashedRootId: rootId }, select: { id: true } });
      await tx.page.updateMany({ where: { trashedRootId: rootId }, data: { deletedAt: null, trashedRootId: null } });
      let place: { parentId: string | null; position: string } | null = null;
      if (root.parentId && (!parent || parent.deletedAt)) {
        const siblings = await this.siblings(tx, workspaceId, null, rootId);
        place = { parentId: null, position: positionAmong(siblings) };
      } else {
        // Its old slot may have been taken by a page created meanwhile: keep order, avoid a tie.
        const siblings = await this.siblings(tx, workspaceId, root.parentId, rootId);
        if (siblings.some((s) => s.position === root.position)) place = { parentId: root.parentId, position: positionAmong(siblings) };
      }
      const page = place ? await tx.page.update({ where: { id: rootId }, data: place }) : await tx.page.findUniqueOrThrow({ where: { id: rootId } });
      return { page, ids: affected.map((a) => a.id) };
    });
  }

  // Deletes a trashed page for good; descendants, documents, versions, shares and links cascade.
  deleteForever(workspaceId: string, pageId: string): Promise<string[]> {
    return this.inTreeLock(workspaceId, async (tx) => {
      const page = await tx.page.findFirst({ where: { id: pageId, workspaceId, deletedAt: { not: null } } });
      if (!page) throw new TreeRuleError('page_missing');
      const ids = await this.subtreeIds(tx, pageId);
      await tx.page.delete({ where: { id: pageId } });
      return ids;
    });
  }

  private inTreeLock<T>(workspaceId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return inTreeLock(this.prisma, workspaceId, fn);
  }

  private async requireLive(tx: Tx, workspaceId: string, id: string, rule: 'parent_missing' | 'page_missing'): Promise<void> {
    const n = await tx.page.count({ where: { id, workspaceId, deletedAt: null } });
    if (n === 0) throw new TreeRuleError(rule);
  }

  private async siblings(tx: Tx, workspaceId: string, parentId: string | null, exceptId: string | null) {
    const rows = await tx.page.findMany({
      where: { workspaceId, parentId, deletedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true, position: true },
    });
    return rows.sort(byPosition);
  }

  private async ancestorIds(tx: Tx, pageId: string): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH RECURSIVE up AS (
        SELECT id, "parentId", 0 AS depth FROM "Page" WHERE id = ${pageId}::uuid
        UNION ALL
        SELECT p.id, p."parentId", up.depth + 1 FROM "Page" p JOIN up ON p.id = up."parentId" WHERE up.depth < 1000
      )
      SELECT id::text AS id FROM up WHERE depth > 0`;
    return rows.map((r) => r.id);
  }

  private async liveSubtreeIds(tx: Tx, pageId: string): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH RECURSIVE down AS (
        SELECT id FROM "Page" WHERE id = ${pageId}::uuid
        UNION ALL
        SELECT p.id FROM "Page" p JOIN down ON p."parentId" = down.id WHERE p."deletedAt" IS NULL
      )
      SELECT id::text AS id FROM down`;
    return rows.map((r) => r.id);
  }

  private async subtreeIds(tx: Tx, pageId: string): Promise<string[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      WITH RECURSIVE down AS (
        SELECT id FROM "Page" WHERE id = ${pageId}::uuid
        UNION ALL
        SELECT p.id FROM "Page" p JOIN down ON p."parentId" = down.id
      )
      SELECT id::text AS id FROM down`;
    return rows.map((r) => r.id);
  }
}

// Siblings together, in position order.
function sortTree<T extends TreeRow>(pages: T[]): T[] {
  return pages.sort((a, b) => compareIds(a.parentId, b.parentId) || byPosition(a, b));
}

// A subtree's pages as the sidebar lists them: every page but rows, and the rows that hold a listed
// page (transitively: a row inside a database inside a row).
function keepRowsHoldingPages(subtree: readonly TreeRow[]): TreeRow[] {
  const rows = new Map(subtree.filter((p) => p.kind === 'row').map((p) => [p.id, p]));
  const kept = subtree.filter((p) => p.kind !== 'row');
  const ids = new Set(kept.map((p) => p.id));
  for (let missing = parentsOutside(kept, ids); missing.length; ) {
    const found = missing.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : []));
    for (const row of found) ids.add(row.id);
    kept.push(...found);
    missing = parentsOutside(found, ids);
  }
  return kept;
}

function parentsOutside(pages: readonly TreeRow[], ids: ReadonlySet<string>): string[] {
  return [...new Set(pages.flatMap((p) => (p.parentId && !ids.has(p.parentId) ? [p.parentId] : [])))];
}
