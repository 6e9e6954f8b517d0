import { isEmptyValue, isStoredType, PropertyType, readCell, type DatabaseSchema, type Row, type RowResolver } from '@tandem/database';
import type { DatabaseRowView } from '@tandem/protocol';
import type { ProjectedRow } from './database-row.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (s: string) => (UUID.test(s) ? s.toLowerCase() : null);
// Times come from the document (a client's clock): one that does not parse reads as `now`.
const instant = (s: string, now: number) => {
  const t = Date.parse(s);
  return new Date(Number.isFinite(t) ? t : now);
};

// A row of the document as the projection stores it: stored cells as the core reads them (empty
// ones left out, so "is empty" is "has no key" in SQL), formulas and rollups evaluated by `resolver`.
export function projectRow(databaseId: string, schema: DatabaseSchema, row: Row, position: string, resolver: RowResolver, now: number): ProjectedRow {
  const values: Record<string, unknown> = {};
  const computed: Record<string, unknown> = {};
  let title = '';
  for (const property of schema.properties) {
    if (isStoredType(property.type)) {
      const v = readCell(property, row);
      if (property.type === PropertyType.Title) title = v as string;
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

// A projected row as the core evaluates it (the REST query re-checks filters on these).
export function coreRow(r: ProjectedRow): Row {
  return { id: r.rowId, values: r.values, createdTime: r.createdAt.toISOString(), createdBy: r.createdById ?? '', lastEditedTime: r.lastEditedAt.toISOString(), lastEditedBy: r.lastEditedById ?? '' };
}

export function rowView(r: ProjectedRow): DatabaseRowView {
  return {
    id: r.rowId,
    position: r.position,
    title: r.title,
    values: r.values,
    computed: r.computed,
    createdTime: r.createdAt.toISOString(),
    createdBy: r.createdById,
    lastEditedTime: r.lastEditedAt.toISOString(),
    lastEditedBy: r.lastEditedById,
  };
}
