import { Injectable } from '@nestjs/common';
import { ApiLimits, Id } from '@tandem/protocol';
import type { Page, Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';
import { emptyDocument, inTreeLock } from '../pages/page.repository.js';

// A row of a database document as its page needs it.
export interface RowPageInput {
  id: string;
  title: string;
  position: string;
  // The row's author when known to be a person of the workspace (otherwise `createdById` of ensure).
  createdById?: string | null;
}

export interface EnsuredRowPages {
  // The row pages, live, by row id (made, brought back from their own trash, or as they were).
  pages: Map<string, Page>;
  // Row ids that are already the id of some other page (or not a UUID): they get no page.
  refused: string[];
  created: string[];
}

// Page titles are bounded; a row's title cell may be longer (the page shows the start of it).
const titleOf = (title: string) => title.slice(0, ApiLimits.pageTitleMax);

// The pages of a database's rows (issue 17). A row id is chosen by a client (it mints it offline),
// so it is untrusted: a row whose id is already taken by a page that is not a row of this same
// database never touches that page, whatever its workspace. Every change runs under the
// workspace's tree lock, so the worker's projection and POST .../page never race each other.
@Injectable()
export class RowPageRepository {
  constructor(private readonly prisma: PrismaService) {}

  // The first image of each live row page's body (a gallery's card covers), from the column the
  // worker keeps with the text: one query on Page's parent index, no document decoded.
  async covers(databaseId: string): Promise<{ rowId: string; url: string }[]> {
    const pages = await this.prisma.page.findMany({
      where: { parentId: databaseId, kind: 'row', deletedAt: null, document: { firstImage: { not: null } } },
      select: { id: true, document: { select: { firstImage: true } } },
    });
    return pages.flatMap((p) => (p.document?.firstImage ? [{ rowId: p.id, url: p.document.firstImage }] : []));
  }

  // Makes the missing row pages, brings back those the projection trashed (a row deleted and then
  // restored in the document, by undo or a version restore), and renames those whose title changed.
  // Null when the database is no longer a live database page.
  ensure(workspaceId: string, databaseId: string, rows: readonly RowPageInput[], createdById: string | null): Promise<EnsuredRowPages | null> {
    return inTreeLock(this.prisma, workspaceId, async (tx) => {
      const database = await tx.page.findFirst({ where: { id: databaseId, workspaceId, kind: 'database', deletedAt: null }, select: { id: true } });
      if (!database) return null;
      const refused = rows.filter((r) => !Id.safeParse(r.id).success).map((r) => r.id);
      const wanted = rows.filter((r) => !refused.includes(r.id));
      // Raw for the same reason as the insert below (Prisma's findMany of 500 ids: ~40 ms of CPU, this ~10).
      const ids = wanted.map((r) => r.id);
      const existing = new Map((ids.length ? await tx.$queryRaw<Page[]>`SELECT * FROM "Page" WHERE "id" = ANY(${ids}::uuid[])` : []).map((p) => [p.id, p]));
      const pages = new Map<string, Page>();
      const created: string[] = [];
      const missing: RowPageInput[] = [];
      for (const row of wanted) {
        const page = existing.get(row.id);
        if (!page) missing.push(row);
        else if (page.kind !== 'row' || page.parentId !== databaseId) refused.push(row.id);
        else pages.set(row.id, await this.refresh(tx, page, row));
      }
      if (missing.length) {
        const empty = emptyDocument();
        const now = new Date();
        const json = JSON.stringify(missing.map((r) => ({ id: r.id, title: titleOf(r.title), position: r.position, createdById: r.createdById ?? createdById })));
        // Plain statements, not Prisma's createManyAndReturn and createMany: compiling and
        // interpreting those took ~0.2-0.5 s of the worker's CPU per 500 pages, most of a
        // 50,000-row first projection's CPU (session 15). ON CONFLICT DO NOTHING is skipDuplicates:
        // an id taken meanwhile by a page made outside this lock (another workspace) is refused below.
        const made = await tx.$queryRaw<Page[]>`
          INSERT INTO "Page" ("id", "workspaceId", "parentId", "kind", "title", "position", "createdById", "createdAt", "updatedAt")
          SELECT x."id", ${workspaceId}::uuid, ${databaseId}::uuid, 'row', x."title", x."position", x."createdById", ${now}, ${now}
          FROM jsonb_to_recordset(${json}::jsonb) AS x("id" uuid, "title" text, "position" text, "createdById" uuid)
          ON CONFLICT DO NOTHING
          RETURNING *`;
        if (made.length) {
          await tx.$executeRaw`
            INSERT INTO "Document" ("pageId", "state", "stateVector", "size", "createdAt", "updatedAt")
            SELECT id, ${empty.state}, ${empty.stateVector}, ${empty.state.byteLength}, ${now}, ${now} FROM unnest(${made.map((p) => p.id)}::uuid[]) AS id`;
        }
        for (const page of made) {
          pages.set(page.id, page);
          created.push(page.id);
        }
        for (const row of missing) if (!pages.has(row.id)) refused.push(row.id);
      }
      return { pages, refused, created };
    });
  }

  // Trashes the pages of rows no longer in the document, each as its own trash action (so restoring
  // the database later does not bring them back, and the row page's sub-pages go with it).
  trashMissing(workspaceId: string, databaseId: string, liveRowIds: ReadonlySet<string>): Promise<string[]> {
    return inTreeLock(this.prisma, workspaceId, async (tx) => {
      const rows = await tx.page.findMany({ where: { parentId: databaseId, kind: 'row', deletedAt: null }, select: { id: true } });
      return trashRowPages(tx, rows.filter((r) => !liveRowIds.has(r.id)).map((r) => r.id));
    });
  }

  // The same for these rows only (those deleted by the edits an incremental projection follows):
  // their live row pages of this database are trashed.
  trash(workspaceId: string, databaseId: string, rowIds: readonly string[]): Promise<string[]> {
    const valid = rowIds.filter((id) => Id.safeParse(id).success);
    if (!valid.length) return Promise.resolve([]);
    return inTreeLock(this.prisma, workspaceId, async (tx) => {
      const rows = await tx.page.findMany({ where: { id: { in: valid }, parentId: databaseId, kind: 'row', deletedAt: null }, select: { id: true } });
      return trashRowPages(tx, rows.map((r) => r.id));
    });
  }

  // The database page (null when the page is gone or not a database).
  database(databaseId: string): Promise<{ workspaceId: string; trashed: boolean } | null> {
    return this.prisma.page
      .findFirst({ where: { id: databaseId, kind: 'database' }, select: { workspaceId: true, deletedAt: true } })
      .then((p) => p && { workspaceId: p.workspaceId, trashed: p.deletedAt !== null });
  }

  // Which of these ids are live databases of this workspace.
  async databasesOf(workspaceId: string, ids: readonly string[]): Promise<string[]> {
    const valid = ids.filter((id) => Id.safeParse(id).success);
    if (!valid.length) return [];
    const rows = await this.prisma.page.findMany({ where: { id: { in: valid }, workspaceId, kind: 'database', deletedAt: null }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  // Which of these ids are people of this workspace (a row's author as written in the document is
  // only trusted as a page's creator when it is one).
  async membersOf(workspaceId: string, ids: readonly string[]): Promise<Set<string>> {
    const valid = [...new Set(ids)].filter((id) => Id.safeParse(id).success);
    if (!valid.length) return new Set();
    const rows = await this.prisma.workspaceMember.findMany({ where: { workspaceId, userId: { in: valid } }, select: { userId: true } });
    return new Set(rows.map((r) => r.userId));
  }

  // Display names of the workspace's people (search and formulas show names, not ids).
  async memberNames(workspaceId: string): Promise<Map<string, string>> {
    const rows = await this.prisma.workspaceMember.findMany({ where: { workspaceId }, select: { user: { select: { id: true, name: true } } } });
    return new Map(rows.map((r) => [r.user.id, r.user.name]));
  }

  private async refresh(tx: Prisma.TransactionClient, page: Page, row: RowPageInput): Promise<Page> {
    let current = page;
    // Trashed by the projection (its own trash action) and back in the document: restore it with
    // what went with it. A row page trashed with its database stays trashed with it.
    if (page.deletedAt && page.trashedRootId === page.id) {
      await tx.page.updateMany({ where: { trashedRootId: page.id }, data: { deletedAt: null, trashedRootId: null } });
      current = { ...current, deletedAt: null, trashedRootId: null };
    }
    const title = titleOf(row.title);
    if (current.title !== title) current = await tx.page.update({ where: { id: page.id }, data: { title } });
    return current;
  }
}

// One statement for any number of rows (a big delete must fit the lock's time), each row the root
// of its own trash action.
async function trashRowPages(tx: Prisma.TransactionClient, gone: string[]): Promise<string[]> {
  if (!gone.length) return gone;
  await tx.$executeRaw`
    WITH RECURSIVE down AS (
      SELECT id, id AS root FROM "Page" WHERE id = ANY(${gone}::uuid[])
      UNION ALL
      SELECT p.id, down.root FROM "Page" p JOIN down ON p."parentId" = down.id WHERE p."deletedAt" IS NULL
    )
    UPDATE "Page" SET "deletedAt" = ${new Date()}, "trashedRootId" = down.root FROM down WHERE "Page".id = down.id AND "Page"."deletedAt" IS NULL`;
  return gone;
}
