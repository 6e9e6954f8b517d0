import { Injectable, Logger } from '@nestjs/common';
import { isEmptyValue, isStoredType, PropertyType, readCell, RowResolver, titleProperty, type Property, type Row } from '@tandem/database';
import { DatabaseRowRepository, type ProjectedRow } from './database-row.repository.js';
import { DatabaseSources } from './database-source.service.js';
import { RowPageRepository } from './row-page.repository.js';

export type ProjectionOutcome = { kind: 'not_a_database' } | { kind: 'projected'; rows: number; written: number; removed: number; pagesMade: number; pagesTrashed: number; refused: number };

// The worker's projection of a database document (issue 17), run after a persist that changed the
// database part of the document: rows into DatabaseRow (stored cells normalised as the core reads
// them, formulas and rollups evaluated now in UTC), and each row's page made, renamed or trashed.
// Idempotent (it reads the persisted document and writes only what differs), so a retry or a
// duplicate run is harmless. A row whose id is already another page's id is not projected at all.
@Injectable()
export class DatabaseProjection {
  private readonly logger = new Logger(DatabaseProjection.name);

  constructor(
    private readonly sources: DatabaseSources,
    private readonly rows: DatabaseRowRepository,
    private readonly rowPages: RowPageRepository,
  ) {}

  async project(databaseId: string, now = Date.now()): Promise<ProjectionOutcome> {
    const page = await this.rowPages.database(databaseId);
    const loaded = page && (await this.sources.load(databaseId));
    if (!page || !loaded) return { kind: 'not_a_database' };
    const { schema, rows } = loaded;
    const resolver = new RowResolver(await this.sources.source(page.workspaceId, databaseId, loaded), { timeZone: 'UTC', now, userId: null });
    const title = titleProperty(schema);
    const projected = rows.map((row) => this.projectRow(databaseId, row, loaded.positions.get(row.id) ?? '', schema.properties, title.id, resolver, now));

    const before = new Map((await this.rows.all(databaseId)).map((r) => [r.rowId, r]));
    // Pages: only rows that are new to the projection or renamed need a look (cheap when nothing
    // changed); a trashed database keeps its row pages as they are.
    let pagesMade = 0;
    let pagesTrashed = 0;
    let refused = new Set<string>();
    if (!page.trashed) {
      const touched = projected.filter((r) => before.get(r.rowId)?.title !== r.title);
      const authors = await this.rowPages.membersOf(page.workspaceId, touched.flatMap((r) => (r.createdById ? [r.createdById] : [])));
      if (touched.length) {
        const ensured = await this.rowPages.ensure(
          page.workspaceId,
          databaseId,
          touched.map((r) => ({ id: r.rowId, title: r.title, position: r.position, createdById: r.createdById && authors.has(r.createdById) ? r.createdById : null })),
          null,
        );
        if (ensured) {
          refused = new Set(ensured.refused);
          pagesMade = ensured.created.length;
        }
      }
      pagesTrashed = (await this.rowPages.trashMissing(page.workspaceId, databaseId, new Set(projected.map((r) => r.rowId)))).length;
    }
    if (refused.size) this.logger.warn(`Database ${databaseId}: ${refused.size} row id(s) already belong to other pages; those rows are not projected`);

    const kept = projected.filter((r) => !refused.has(r.rowId));
    const keptIds = new Set(kept.map((r) => r.rowId));
    const changed = kept.filter((r) => !sameRow(before.get(r.rowId), r));
    const gone = [...before.keys()].filter((id) => !keptIds.has(id));
    await this.rows.write(databaseId, changed, gone);
    return { kind: 'projected', rows: kept.length, written: changed.length, removed: gone.length, pagesMade, pagesTrashed, refused: refused.size };
  }

  private projectRow(databaseId: string, row: Row, position: string, properties: readonly Property[], titleId: string, resolver: RowResolver, now: number): ProjectedRow {
    const values: Record<string, unknown> = {};
    const computed: Record<string, unknown> = {};
    let title = '';
    for (const property of properties) {
      if (isStoredType(property.type)) {
        const v = readCell(property, row);
        if (property.id === titleId) title = v as string;
        // Empty cells are left out, so "is empty" is "has no key" in SQL.
        if (!isEmptyValue(v)) values[property.id] = v;
      } else if (property.type === PropertyType.Formula || property.type === PropertyType.Rollup) {
        computed[property.id] = resolver.value(databaseId, row, property) ?? null;
      }
    }
    return {
      rowId: row.id,
      position,
      title,
      values,
      computed,
      createdAt: instant(row.createdTime, now),
      createdById: uuidOrNull(row.createdBy),
      lastEditedAt: instant(row.lastEditedTime, now),
      lastEditedById: uuidOrNull(row.lastEditedBy),
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (s: string) => (UUID.test(s) ? s.toLowerCase() : null);
// Times come from the document (a client's clock): one that does not parse reads as the projection's.
const instant = (s: string, now: number) => {
  const t = Date.parse(s);
  return new Date(Number.isFinite(t) ? t : now);
};

// Key order differs between what the worker builds and what jsonb returns: compare canonically.
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
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
    canonical(a.values) === canonical(b.values) &&
    canonical(a.computed) === canonical(b.computed)
  );
}
