// Two-way relations: a relation property names its mirror in the target database
// (`syncedPropertyId`), and every change on one side is the opposite change on the other. The
// caller applies both in one Yjs transaction per document, so the sides cannot drift apart.
import { type DatabaseSchema, type PropertyOf, PropertyType } from './schema.js';

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

// How many other databases one evaluation may read through relations (the web loads each as a live
// document, the server reads each persisted document): a bound on memory and on sockets per view.
export const MAX_RELATED_DATABASES = 20;

// The other databases a schema's relations point at, in property order, at most MAX_RELATED_DATABASES.
export function relatedDatabaseIds(databaseId: string, schema: DatabaseSchema): string[] {
  const ids = schema.properties.flatMap((p) => (p.type === PropertyType.Relation && p.targetDatabaseId !== databaseId ? [p.targetDatabaseId] : []));
  return [...new Set(ids)].slice(0, MAX_RELATED_DATABASES);
}
