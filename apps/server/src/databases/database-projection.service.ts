import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { computedIsRowLocal, type DatabaseSchema, type Row, RowResolver } from '@tandem/database';
import { Id } from '@tandem/protocol';
import { isDatabaseDoc, readRow, readSchema, readViews, rowIds, rowPosition } from '@tandem/database/ydoc';
import type * as Y from 'yjs';
import { DocumentRepository } from '../documents/document.repository.js';
import { DatabaseChanges } from './database-changes.js';
import { DatabaseDocCache } from './database-doc-cache.js';
import { DatabaseMetaRepository } from './database-meta.repository.js';
import { DatabaseRowRepository, type ProjectedMeta, type ProjectedRow } from './database-row.repository.js';
import { DatabaseSources } from './database-source.service.js';
import { projectRow } from './project-row.js';
import { RowPageRepository } from './row-page.repository.js';
import { mapInSlices } from '../common/in-slices.js';

// Row pages made or renamed per tree-lock transaction.
const PAGES_PER_LOCK = 500;

// Rows a whole projection reads from the document, projects or compares before it gives the event
// loop a turn. The worker renews its jobs' 4 s BullMQ locks, persists other pages and answers
// /metrics on that loop; at 50,000 rows a single pass (every row read out of the document, or every
// row of the table turned into objects by Prisma) held it 0.4-0.7 s, longer under load.
export const PROJECTION_BATCH_ROWS = 250;

// `full`: every row of the document; `rows`: only the rows the edits since the last projection touched.
export type ProjectionOutcome =
  | { kind: 'not_a_database' }
  | { kind: 'projected'; mode: 'full' | 'rows'; rows: number; written: number; removed: number; pagesMade: number; pagesTrashed: number; refused: number };

interface DatabasePage {
  workspaceId: string;
  trashed: boolean;
}

interface PagesDone {
  pagesMade: number;
  pagesTrashed: number;
  refused: Set<string>;
}

// The worker's projection of a database document (issue 17), run after a persist that changed the
// database part of the document: rows into DatabaseRow (stored cells normalised as the core reads
// them, formulas and rollups evaluated now in UTC), the schema and views into DatabaseMeta, and
// each row's page made, renamed or trashed.
// Two ways, one result. In full, every row is read and projected, and the table is diffed against
// them. Only the touched rows, when the projection follows this worker's persists without a gap
// from the position the meta names (DatabaseChanges), the schema is the meta's, and no computed
// property reads beyond its row (computedIsRowLocal): then no other row's projection can have
// changed. Either way the rows and the meta are written together (DatabaseRowRepository.commit), and
// anything uncertain falls back to full. The document is the one the persist merged when this worker
// still holds it (DatabaseDocCache), else the persisted state read from Postgres.
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
    private readonly documents: DocumentRepository,
    private readonly docs: DatabaseDocCache,
    private readonly changes: DatabaseChanges,
  ) {}

  async project(databaseId: string, now = Date.now()): Promise<ProjectionOutcome> {
    // A persist of this page running in this worker holds its document: read the position it
    // writes, and its document, rather than the state from Postgres.
    await this.docs.settled(databaseId);
    const page = await this.rowPages.database(databaseId);
    const [position, meta] = page ? await Promise.all([this.documents.position(databaseId), this.meta.find(databaseId)]) : [null, null];
    if (!page || !position) return { kind: 'not_a_database' };
    const touched = this.changes.since(databaseId, meta?.upTo ?? null, position);
    const cached = this.docs.take(databaseId, position);
    const persisted = cached ? { doc: cached, upTo: position.upTo, position } : await this.sources.persistedDoc(databaseId);
    if (!persisted) return { kind: 'not_a_database' };
    const { doc, upTo } = persisted;
    let database = false;
    let held = true;
    // Only read here: still the document of its position, for the page's next persist (or a later
    // projection), unless a persist kept a newer one meanwhile.
    const release = () => {
      if (!held) return;
      held = false;
      if (database) this.docs.giveBack(databaseId, persisted.position, doc);
      else doc.destroy();
    };
    try {
      if (!isDatabaseDoc(doc)) return { kind: 'not_a_database' };
      database = true;
      const schema = readSchema(doc, databaseId);
      const projectedMeta: ProjectedMeta = { schema, views: readViews(doc), upTo, at: new Date(now) };
      // `touched` is about the position read first; the state read from Postgres can be newer.
      if (touched && meta && upTo === position.upTo && computedIsRowLocal(schema) && isDeepStrictEqual(meta.schema, schema)) {
        const outcome = await this.projectRows(databaseId, page, doc, schema, [...touched], projectedMeta, meta.upTo, now);
        if (outcome) return outcome;
        // Another run wrote the projection meanwhile: this one no longer builds on what it read.
      }
      const rows = await readAllRows(doc);
      // Everything else works on the rows read: the document goes back now, not after the row pages
      // and the write (most of a big projection's time), so a persist of this page meanwhile merges
      // into it rather than applying the whole state again.
      release();
      return await this.projectAll(databaseId, page, rows, schema, projectedMeta, now);
    } finally {
      release();
    }
  }

  private async projectAll(databaseId: string, page: DatabasePage, { rows, positions }: DocRows, schema: DatabaseSchema, meta: ProjectedMeta, now: number): Promise<ProjectionOutcome> {
    const resolver = new RowResolver(await this.sources.source(page.workspaceId, databaseId, { schema, rows, positions }), { timeZone: 'UTC', now, userId: null });
    const projected = await mapInSlices(rows, (row) => projectRow(databaseId, schema, row, positions.get(row.id) ?? '', resolver, now), PROJECTION_BATCH_ROWS);

    // Pages: only rows that are new to the projection or renamed need a look (cheap when nothing
    // changed); a trashed database keeps its row pages as they are.
    const titles = await this.rows.titles(databaseId);
    const liveIds = new Set(projected.map((r) => r.rowId));
    const pages = await this.pages(
      page,
      databaseId,
      projected.filter((r) => titles.get(r.rowId) !== r.title),
      () => this.rowPages.trashMissing(page.workspaceId, databaseId, liveIds),
    );
    const kept = projected.filter((r) => !pages.refused.has(r.rowId));
    const keptIds = new Set(kept.map((r) => r.rowId));
    let written = 0;
    let removed = 0;
    await this.rows.commit(databaseId, meta, {
      diff: async (current) => {
        const before = new Map(current.map((r) => [r.rowId, r]));
        const changed = (await mapInSlices(kept, (r) => (sameRow(before.get(r.rowId), r) ? null : r), PROJECTION_BATCH_ROWS)).filter((r): r is ProjectedRow => r !== null);
        const gone = [...before.keys()].filter((id) => !keptIds.has(id));
        [written, removed] = [changed.length, gone.length];
        return { changed, gone };
      },
    });
    return { kind: 'projected', mode: 'full', rows: kept.length, written, removed, ...pages, refused: pages.refused.size };
  }

  // Null when the meta is no longer at `basedOn` (nothing written then).
  private async projectRows(databaseId: string, page: DatabasePage, doc: Y.Doc, schema: DatabaseSchema, ids: string[], meta: ProjectedMeta, basedOn: string, now: number): Promise<ProjectionOutcome | null> {
    // Computed properties read only their own row here; the source serves this document's rows
    // all the same, should one ever ask.
    const resolver = new RowResolver({ schema: (id) => (id === databaseId ? schema : undefined), row: (id, rowId) => (id === databaseId ? readRow(doc, rowId) : undefined) }, { timeZone: 'UTC', now, userId: null });
    const projected: ProjectedRow[] = [];
    const deleted: string[] = [];
    for (const id of ids.filter(isRowId)) {
      const row = readRow(doc, id);
      if (row) projected.push(projectRow(databaseId, schema, row, rowPosition(doc, id) ?? '', resolver, now));
      else deleted.push(id);
    }
    const before = await this.rows.some(databaseId, [...projected.map((r) => r.rowId), ...deleted]);
    const pages = await this.pages(
      page,
      databaseId,
      projected.filter((r) => before.get(r.rowId)?.title !== r.title),
      () => this.rowPages.trash(page.workspaceId, databaseId, deleted),
    );
    const changed = projected.filter((r) => !pages.refused.has(r.rowId) && !sameRow(before.get(r.rowId), r));
    const gone = [...deleted, ...pages.refused];
    if (!(await this.rows.commit(databaseId, meta, { basedOn, changed, gone }))) return null;
    const removed = gone.filter((id) => before.has(id)).length;
    return { kind: 'projected', mode: 'rows', rows: projected.length - pages.refused.size, written: changed.length, removed, ...pages, refused: pages.refused.size };
  }

  // Makes or renames the pages of `ensure` (rows new to the projection or renamed), then trashes
  // the pages of rows gone. Answers the row ids refused (already another page's id).
  private async pages(page: DatabasePage, databaseId: string, ensure: readonly ProjectedRow[], trashGone: () => Promise<string[]>): Promise<PagesDone> {
    const refused = new Set<string>();
    if (page.trashed) return { pagesMade: 0, pagesTrashed: 0, refused };
    let pagesMade = 0;
    const authors = await this.rowPages.membersOf(page.workspaceId, ensure.flatMap((r) => (r.createdById ? [r.createdById] : [])));
    // In chunks, each its own short tree-lock transaction: a 10,000-row import must not hold the
    // workspace's tree (or outlive the lock's time limit) in one go.
    for (let i = 0; i < ensure.length; i += PAGES_PER_LOCK) {
      const chunk = ensure.slice(i, i + PAGES_PER_LOCK);
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
    const pagesTrashed = (await trashGone()).length;
    if (refused.size) this.logger.warn(`Database ${databaseId}: ${refused.size} row id(s) already belong to other pages; those rows are not projected`);
    return { pagesMade, pagesTrashed, refused };
  }
}

// A row's id is its page's id: one that is not a UUID (a client wrote it) is not projected.
const isRowId = (id: string) => Id.safeParse(id).success;

interface DocRows {
  // In manual order, projectable ids only.
  rows: Row[];
  positions: Map<string, string>;
}

// Every row of the document (what readRows reads, with the positions), a batch at a time.
async function readAllRows(doc: Y.Doc): Promise<DocRows> {
  const ids = rowIds(doc);
  const rows: Row[] = [];
  const positions = new Map<string, string>();
  for (let i = 0; i < ids.length; i += PROJECTION_BATCH_ROWS) {
    if (i > 0) await nextTurn();
    for (const id of ids.slice(i, i + PROJECTION_BATCH_ROWS)) {
      const row = isRowId(id) ? readRow(doc, id) : undefined;
      if (!row) continue;
      rows.push(row);
      positions.set(id, rowPosition(doc, id) ?? '');
    }
  }
  return { rows, positions };
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
