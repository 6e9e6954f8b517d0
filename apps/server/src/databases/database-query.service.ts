import { Injectable } from '@nestjs/common';
import { checkFilter, PropertyType, queryView, RowResolver, type DatabaseSchema } from '@tandem/database';
import { DATABASE_QUERY_MAX, type DatabaseQueryBody, type DatabaseQueryResponse } from '@tandem/protocol';
import type { z } from 'zod';
import { ApiError } from '../common/api-error.js';
import { DatabaseRowRepository } from './database-row.repository.js';
import { DatabaseSources, relatedDatabases } from './database-source.service.js';
import { filterSql } from './filter-sql.js';
import { coreRow, projectRow, rowView } from './project-row.js';
import { RowPageRepository } from './row-page.repository.js';

const TRUE_SQL = filterSql(null, { id: '', properties: [] }, null);

// POST /databases/:id/query over the projection, with exactly the web's semantics: SQL narrows the
// rows (filterSql: a superset), then the core's queryView filters, searches and sorts them for this
// viewer (their zone, "@me", `now`), and the page is cut from that ordered list. The cursor names
// the last row sent and its index: the next page starts after that row, or at the index when the
// row has left the result meanwhile (an edit between two pages can then skip or repeat a row, as
// any offset paging over changing data does; rows never come out of order).
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
    // A relation to this same database reads any of its rows: no narrowing then.
    const selfRelated = schema.properties.some((p) => p.type === PropertyType.Relation && p.targetDatabaseId === databaseId);
    const projected = await this.rows.select(databaseId, selfRelated ? TRUE_SQL : filterSql(body.filter, schema, viewerId));
    const rows = projected.map(coreRow);
    const byId = new Map(projected.map((r) => [r.rowId, r]));
    const names = await this.people.memberNames(workspaceId);
    const positions = new Map(projected.map((r) => [r.rowId, r.position]));
    const source = await this.sources.source(workspaceId, databaseId, { schema, rows, positions }, readable);
    const now = Date.now();
    const resolver = new RowResolver(source, { timeZone: body.timeZone ?? 'UTC', now, userId: viewerId, personName: (id) => names.get(id) });
    const hidden = relatedDatabases(databaseId, schema).some((id) => !readable.has(id));
    const result = queryView({ filter: body.filter ?? null, sorts: body.sorts ?? [], groupBy: null, properties: [] }, rows, { databaseId, schema, resolver }, body.search ?? '').rows;
    let start = 0;
    if (cursor) {
      const at = result.findIndex((r) => r.id === cursor.after);
      start = at >= 0 ? at + 1 : cursor.index;
    }
    const limit = body.limit ?? DATABASE_QUERY_MAX;
    const slice = result.slice(start, start + limit);
    const end = start + slice.length;
    return {
      rows: slice.map((r) => {
        const row = byId.get(r.id)!;
        return rowView(hidden ? { ...row, computed: projectRow(databaseId, schema, r, row.position, resolver, now).computed } : row);
      }),
      nextCursor: end < result.length && slice.length ? Buffer.from(JSON.stringify({ after: slice.at(-1)!.id, index: end })).toString('base64url') : null,
    };
  }
}

function parseCursor(text: string): { after: string; index: number } {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { after?: unknown; index?: unknown };
    if (typeof parsed.after === 'string' && Number.isInteger(parsed.index) && (parsed.index as number) >= 0) return { after: parsed.after, index: parsed.index as number };
  } catch {
    // Not JSON: refused below like any other foreign cursor.
  }
  throw ApiError.validation({ 'body.cursor': 'must be the nextCursor of the previous page' });
}
