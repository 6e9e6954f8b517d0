import { Injectable } from '@nestjs/common';
import { checkFilter, PropertyType, queryView, relatedDatabaseIds, RowResolver, type DatabaseSchema } from '@tandem/database';
import { DATABASE_QUERY_MAX, type DatabaseQueryBody, type DatabaseQueryResponse } from '@tandem/protocol';
import type { z } from 'zod';
import { ApiError } from '../common/api-error.js';
import { DatabaseRowRepository, type ProjectedRow } from './database-row.repository.js';
import { DatabaseSources } from './database-source.service.js';
import { filterSql } from './filter-sql.js';
import { coreRow, projectRow, rowView } from './project-row.js';
import { RowPageRepository } from './row-page.repository.js';

const TRUE_SQL = filterSql(null, { id: '', properties: [] }, null);

// POST /databases/:id/query over the projection, with exactly the web's semantics: SQL narrows the
// rows (filterSql: a superset), then the core's queryView filters, searches and sorts them for this
// viewer (their zone, "@me", `now`). In the manual order (no sorts) pages are keyset pages read in
// batches from the (database, position, row) index: exact however rows change between pages.
// Sorted, the whole narrowed set is evaluated and the page cut from it; the cursor names the last
// row sent and its index, and the next page starts after that row, or at the index when the row
// has left the result meanwhile (an edit between two pages can then skip or repeat a row).
@Injectable()
export class DatabaseQueryService {
  constructor(
    private readonly rows: DatabaseRowRepository,
    private readonly sources: DatabaseSources,
    private readonly people: RowPageRepository,
  ) {}

  // `readable`: the related databases the viewer may read. When one is hidden from them, the rows'
  // formulas and rollups are answered as evaluated for them, not as projected (which saw it all).
  async query(
    workspaceId: string,
    databaseId: string,
    schema: DatabaseSchema,
    body: z.output<typeof DatabaseQueryBody>,
    viewerId: string,
    readable: ReadonlySet<string>,
  ): Promise<DatabaseQueryResponse> {
    const issue = body.filter ? checkFilter(body.filter, schema)[0] : undefined;
    if (issue) throw ApiError.validation({ [['body.filter', ...issue.path].join('.')]: issue.message });
    const cursor = body.cursor === undefined ? null : parseCursor(body.cursor);
    const names = await this.people.memberNames(workspaceId);
    const now = Date.now();
    const context = { timeZone: body.timeZone ?? 'UTC', now, userId: viewerId, personName: (id: string) => names.get(id) };
    const view = { filter: body.filter ?? null, sorts: body.sorts ?? [], groupBy: null, properties: [] };
    const hidden = relatedDatabaseIds(databaseId, schema).some((id) => !readable.has(id));
    const limit = body.limit ?? DATABASE_QUERY_MAX;
    // A relation to this same database reads any of its rows: no narrowing, the whole set loaded.
    const selfRelated = schema.properties.some((p) => p.type === PropertyType.Relation && p.targetDatabaseId === databaseId);
    const where = selfRelated ? TRUE_SQL : filterSql(body.filter, schema, viewerId);

    // Evaluates a batch of projected rows: the core's filter, search and sorts for this viewer.
    const evaluate = async (projected: ProjectedRow[]) => {
      const rows = projected.map(coreRow);
      const source = await this.sources.source(workspaceId, databaseId, { schema, rows, positions: new Map(projected.map((r) => [r.rowId, r.position])) }, readable);
      const resolver = new RowResolver(source, context);
      const byId = new Map(projected.map((r) => [r.rowId, r]));
      return queryView(view, rows, { databaseId, schema, resolver }, body.search ?? '').rows.map((r) => {
        const row = byId.get(r.id)!;
        return hidden ? { ...row, computed: projectRow(databaseId, schema, r, row.position, resolver, now).computed } : row;
      });
    };

    if (!view.sorts.length && !selfRelated) {
      // The manual order is the index's: read batches after the cursor's row until the page is full,
      // so a page costs about its own rows, not the database's.
      const batch = Math.max(limit * 2, 200);
      let after = cursor?.position === undefined ? null : { position: cursor.position, rowId: cursor.after };
      const kept: ProjectedRow[] = [];
      for (;;) {
        const projected = await this.rows.select(databaseId, where, { after, limit: batch });
        kept.push(...(await evaluate(projected)));
        const last = projected.at(-1);
        if (kept.length > limit || projected.length < batch || !last) break;
        after = { position: last.position, rowId: last.rowId };
      }
      const page = kept.slice(0, limit);
      const end = page.at(-1);
      return { rows: page.map(rowView), nextCursor: kept.length > limit && end ? encodeCursor({ after: end.rowId, index: 0, position: end.position }) : null };
    }

    // Sorted: the whole narrowed set is evaluated and sorted, and the page cut from it.
    const result = await evaluate(await this.rows.select(databaseId, where));
    let start = 0;
    if (cursor) {
      const at = result.findIndex((r) => r.rowId === cursor.after);
      start = at >= 0 ? at + 1 : cursor.index;
    }
    const slice = result.slice(start, start + limit);
    const end = start + slice.length;
    return {
      rows: slice.map(rowView),
      nextCursor: end < result.length && slice.length ? encodeCursor({ after: slice.at(-1)!.rowId, index: end }) : null,
    };
  }
}

// The last row sent: its id, its index in a sorted result, and in the manual order its position.
interface Cursor {
  after: string;
  index: number;
  position?: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function parseCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Record<keyof Cursor, unknown>>;
    const position = parsed.position === undefined || typeof parsed.position === 'string' ? parsed.position : null;
    if (typeof parsed.after === 'string' && UUID.test(parsed.after) && Number.isInteger(parsed.index) && (parsed.index as number) >= 0 && position !== null) {
      return { after: parsed.after, index: parsed.index as number, ...(position === undefined ? {} : { position }) };
    }
  } catch {
    // Not JSON: refused below like any other foreign cursor.
  }
  throw ApiError.validation({ 'body.cursor': 'must be the nextCursor of the previous page' });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
