// Two-way relations: a relation property names its mirror in the target database
// (`syncedPropertyId`), and every change on one side is the opposite change on the other. The
// caller applies both in one Yjs transaction per document, so the sides cannot drift apart.
import { DatabaseDocError } from './doc-error.js';
import { DatabaseLimits } from './limits.js';
import { type DatabaseSchema, findProperty, type PropertyOf, PropertyType } from './schema.js';
import { readCell, type Row } from './values.js';

export interface MirrorEdit {
  // Row of the target database whose mirror property changes.
  targetRowId: string;
  add: string | null;
  remove: string | null;
}

export function mirrorEdits(property: PropertyOf<'relation'>, rowId: string, before: readonly string[], after: readonly string[]): MirrorEdit[] {
  if (property.syncedPropertyId === null) return [];
  const was = new Set(before);
  const now = new Set(after);
  const edits: MirrorEdit[] = [];
  for (const id of now) if (!was.has(id)) edits.push({ targetRowId: id, add: rowId, remove: null });
  for (const id of was) if (!now.has(id)) edits.push({ targetRowId: id, add: null, remove: rowId });
  return edits;
}

// Apply one mirror edit to the target row's relation value (idempotent, order kept).
export function applyMirrorEdit(value: readonly string[], edit: MirrorEdit): string[] {
  const next = value.filter((id) => id !== edit.remove);
  if (edit.add !== null && !next.includes(edit.add)) next.push(edit.add);
  return next;
}

// The target database as the writer sees it now.
export interface MirrorTarget {
  schema: DatabaseSchema;
  rows: readonly Row[];
}

export interface MirrorWrite {
  rowId: string;
  value: string[];
}

// What changing a two-way relation cell from `before` to `after` writes in the target database:
// the mirror cell of each target row gained or lost, each row once. Rows missing from the target
// (deleted meanwhile) get nothing. One-way relations write nothing; so does one whose mirror is
// gone. The web (in the target's own session) and the REST API (as a server edit of the target)
// both write exactly this, so a relation stays in step whichever way it is edited. A mirror over the
// relation limit is refused with DatabaseDocError, as the document functions refuse a cell.
export function mirrorWrites(property: PropertyOf<'relation'>, rowId: string, before: readonly string[], after: readonly string[], target: MirrorTarget): MirrorWrite[] {
  if (property.syncedPropertyId === null) return [];
  const mirror = findProperty(target.schema, property.syncedPropertyId);
  // Someone deleted (or retyped) the other side: the relation goes on one-sided, as Notion's does.
  if (mirror?.type !== PropertyType.Relation) return [];
  const rows = new Map(target.rows.map((r) => [r.id, r]));
  const values = new Map<string, string[]>();
  for (const edit of mirrorEdits(property, rowId, before, after)) {
    const row = rows.get(edit.targetRowId);
    if (!row) continue;
    const current = values.get(row.id) ?? (readCell(mirror, row) as string[]);
    values.set(row.id, applyMirrorEdit(current, edit));
  }
  for (const value of values.values()) {
    if (value.length > DatabaseLimits.relationValues) throw new DatabaseDocError(`A related row would link more than ${DatabaseLimits.relationValues.toLocaleString()} rows`);
  }
  return [...values].map(([id, value]) => ({ rowId: id, value }));
}

// How many other databases one evaluation may read through relations (the web loads each as a live
// document, the server reads each persisted document): a bound on memory and on sockets per view.
export const MAX_RELATED_DATABASES = 20;

// The other databases a schema's relations point at, in property order, at most MAX_RELATED_DATABASES.
export function relatedDatabaseIds(databaseId: string, schema: DatabaseSchema): string[] {
  const ids = schema.properties.flatMap((p) => (p.type === PropertyType.Relation && p.targetDatabaseId !== databaseId ? [p.targetDatabaseId] : []));
  return [...new Set(ids)].slice(0, MAX_RELATED_DATABASES);
}
