// Relations and rollups on the web, the pure part: where a view's resolver finds other databases'
// rows, the mirror property of a new two-way relation, and the search in a target database. What a
// relation edit writes on the mirror side is the core's `mirrorWrites` (shared with the REST API).
// Pinned by unit tests; the live documents they read are loaded by related.ts.
import { type DatabaseSchema, type DatabaseSource, type Property, type PropertyOf, PropertyType, readCell, type Row, titleProperty } from '@tandem/database';

export interface LoadedDatabase {
  schema: DatabaseSchema;
  rows: readonly Row[];
}

// The database itself plus the related databases loaded so far. A database not loaded (not yet
// synced, not readable, over the bound) answers undefined: the core then counts none of its rows
// and shows none of its titles, as the server does for a viewer who cannot read it.
export function databaseSource(databaseId: string, main: LoadedDatabase, related: ReadonlyMap<string, LoadedDatabase>): DatabaseSource {
  const all = new Map<string, LoadedDatabase>(related);
  all.set(databaseId, main);
  const index = new Map<string, Map<string, Row>>();
  const rowsOf = (id: string) => {
    let rows = index.get(id);
    if (!rows) {
      rows = new Map((all.get(id)?.rows ?? []).map((r) => [r.id, r]));
      index.set(id, rows);
    }
    return rows;
  };
  return { schema: (id) => all.get(id)?.schema, row: (id, rowId) => (all.has(id) ? rowsOf(id).get(rowId) : undefined) };
}

// A new relation and, for two-way, its mirror in the target: the mirror points back here and is
// named after this database (made unique in the target's schema by the caller's `freeName`).
export function relationPair(
  ids: { propertyId: string; mirrorId: string },
  databaseId: string,
  targetDatabaseId: string,
  names: { property: string; mirror: string },
  twoWay: boolean,
): { property: PropertyOf<'relation'>; mirror: PropertyOf<'relation'> | null } {
  // A relation to its own database mirrors into the same schema; kept one-way, as Notion does.
  const mirrored = twoWay && targetDatabaseId !== databaseId;
  const property: PropertyOf<'relation'> = { id: ids.propertyId, name: names.property, type: PropertyType.Relation, targetDatabaseId, syncedPropertyId: mirrored ? ids.mirrorId : null };
  const mirror: PropertyOf<'relation'> | null = mirrored ? { id: ids.mirrorId, name: names.mirror, type: PropertyType.Relation, targetDatabaseId: databaseId, syncedPropertyId: ids.propertyId } : null;
  return { property, mirror };
}

export function rowTitle(schema: DatabaseSchema, row: Row): string {
  return (readCell(titleProperty(schema), row) as string | null) ?? '';
}

// Rows of the target whose title contains the needle (case-insensitive), in the target's order.
export function searchRows(target: LoadedDatabase, needle: string, limit = 50): Row[] {
  const n = needle.trim().toLocaleLowerCase();
  const out: Row[] = [];
  for (const row of target.rows) {
    if (out.length >= limit) break;
    if (n === '' || rowTitle(target.schema, row).toLocaleLowerCase().includes(n)) out.push(row);
  }
  return out;
}

// The properties a rollup can aggregate in the target: anything but another rollup over a further
// database (the web loads one level of related databases).
export function rollupTargets(target: DatabaseSchema): Property[] {
  return target.properties.filter((p) => p.type !== PropertyType.Rollup);
}

// The page id in a pasted link or id (a page URL ends in /p/<uuid>), or null.
export function pageIdIn(text: string): string | null {
  const match = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/i.exec(text);
  return match ? match[0].toLowerCase() : null;
}
