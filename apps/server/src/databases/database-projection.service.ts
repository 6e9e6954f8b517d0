import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { RowResolver } from '@tandem/database';
import { DatabaseMetaRepository } from './database-meta.repository.js';
import { DatabaseRowRepository, type ProjectedRow } from './database-row.repository.js';
import { DatabaseSources } from './database-source.service.js';
import { projectRow } from './project-row.js';
import { RowPageRepository } from './row-page.repository.js';
import { mapInSlices } from '../common/in-slices.js';

// Row pages made or renamed per tree-lock transaction.
const PAGES_PER_LOCK = 500;

export type ProjectionOutcome = { kind: 'not_a_database' } | { kind: 'projected'; rows: number; written: number; removed: number; pagesMade: number; pagesTrashed: number; refused: number };

// The worker's projection of a database document (issue 17), run after a persist that changed the
// database part of the document: rows into DatabaseRow (stored cells normalised as the core reads
// them, formulas and rollups evaluated now in UTC), the schema and views into DatabaseMeta, and
// each row's page made, renamed or trashed.
// Idempotent (it reads the persisted document and writes only what differs), so a retry or a
// duplicate run is harmless. A row whose id is already another page's id is not projected at all.
@Injectable()
export class DatabaseProjection {
  private readonly logger = new Logger(DatabaseProjection.name);

  constructor(
    private readonly sources: DatabaseSources,
    private readonly rows: DatabaseRowRepository,
    private readonly rowPages: RowPageRepository,
    private readonly meta: DatabaseMetaRepository,
  ) {}

  async project(databaseId: string, now = Date.now()): Promise<ProjectionOutcome> {
    const page = await this.rowPages.database(databaseId);
    const loaded = page && (await this.sources.load(databaseId));
    if (!page || !loaded) return { kind: 'not_a_database' };
    const { schema, rows } = loaded;
    const resolver = new RowResolver(await this.sources.source(page.workspaceId, databaseId, loaded), { timeZone: 'UTC', now, userId: null });
    const projected = await mapInSlices(rows, (row) => projectRow(databaseId, schema, row, loaded.positions.get(row.id) ?? '', resolver, now));

    const before = new Map((await this.rows.all(databaseId)).map((r) => [r.rowId, r]));
    // Pages: only rows that are new to the projection or renamed need a look (cheap when nothing
    // changed); a trashed database keeps its row pages as they are.
    let pagesMade = 0;
    let pagesTrashed = 0;
    const refused = new Set<string>();
    if (!page.trashed) {
      const touched = projected.filter((r) => before.get(r.rowId)?.title !== r.title);
      const authors = await this.rowPages.membersOf(page.workspaceId, touched.flatMap((r) => (r.createdById ? [r.createdById] : [])));
      // In chunks, each its own short tree-lock transaction: a 10,000-row import must not hold the
      // workspace's tree (or outlive the lock's time limit) in one go.
      for (let i = 0; i < touched.length; i += PAGES_PER_LOCK) {
        const chunk = touched.slice(i, i + PAGES_PER_LOCK);
        const ensured = await this.rowPages.ensure(
          page.workspaceId,
          databaseId,
          chunk.map((r) => ({ id: r.rowId, title: r.title, position: r.position, createdById: r.createdById && authors.has(r.createdById) ? r.createdById : null })),
          null,
        );
        if (!ensured) break;
        for (const id of ensured.refused) refused.add(id);
        pagesMade += ensured.created.length;
      }
      pagesTrashed = (await this.rowPages.trashMissing(page.workspaceId, databaseId, new Set(projected.map((r) => r.rowId)))).length;
    }
    if (refused.size) this.logger.warn(`Database ${databaseId}: ${refused.size} row id(s) already belong to other pages; those rows are not projected`);

    const kept = projected.filter((r) => !refused.has(r.rowId));
    const keptIds = new Set(kept.map((r) => r.rowId));
    const changed = (await mapInSlices(kept, (r) => (sameRow(before.get(r.rowId), r) ? null : r))).filter((r): r is ProjectedRow => r !== null);
    const gone = [...before.keys()].filter((id) => !keptIds.has(id));
    await this.rows.write(databaseId, changed, gone);
    // After the rows, so a property the meta names already has its cells projected. Written every
    // time: each run follows a persist that moved `upTo`.
    await this.meta.write(databaseId, { schema, views: loaded.views, upTo: loaded.upTo }, new Date(now));
    return { kind: 'projected', rows: kept.length, written: changed.length, removed: gone.length, pagesMade, pagesTrashed, refused: refused.size };
  }
}

function sameRow(a: ProjectedRow | undefined, b: ProjectedRow): boolean {
  return (
    a !== undefined &&
    a.position === b.position &&
    a.title === b.title &&
    a.createdAt.getTime() === b.createdAt.getTime() &&
    a.lastEditedAt.getTime() === b.lastEditedAt.getTime() &&
    a.createdById === b.createdById &&
    a.lastEditedById === b.lastEditedById &&
    // Deep equality ignores key order, which differs between what the worker builds and what jsonb
    // returns (a canonical JSON string per row cost 14 s of a 20,000-row bench run's worker time).
    isDeepStrictEqual(a.values, b.values) &&
    isDeepStrictEqual(a.computed, b.computed)
  );
}
