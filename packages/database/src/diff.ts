// What changed between two states of one database (a version against the current page, or against
// the version before it): properties added, removed or renamed, and rows added, removed or with
// changed cells, each cell as the text people see. Computed properties (formulas, rollups, created
// and edited stamps) are left out: they follow from the stored cells, and a row whose inputs did
// not change would otherwise show as changed because its edit time moved.
import { COMPUTED_TYPES, type DatabaseSchema, type Property, titleProperty } from './schema.js';
import type { Row } from './values.js';

export interface DatabaseSide {
  schema: DatabaseSchema;
  rows: readonly Row[];
  // A cell as displayed (the resolver's `display`).
  display: (row: Row, property: Property) => string;
}

export interface CellChange {
  property: string;
  before: string;
  after: string;
}

export interface RowDiff {
  id: string;
  title: string;
}

export interface DatabaseDiff {
  properties: { added: string[]; removed: string[]; renamed: Array<{ from: string; to: string }> };
  rows: { added: RowDiff[]; removed: RowDiff[]; changed: Array<RowDiff & { cells: CellChange[] }> };
}

// `base` → `target`: "added" is in `target` only. Rows keep the target's manual order (removed ones
// the base's), so the list reads like the table.
export function diffDatabase(base: DatabaseSide, target: DatabaseSide): DatabaseDiff {
  const baseProps = new Map(base.schema.properties.map((p) => [p.id, p]));
  const targetProps = new Map(target.schema.properties.map((p) => [p.id, p]));
  const properties: DatabaseDiff['properties'] = { added: [], removed: [], renamed: [] };
  for (const p of target.schema.properties) {
    const was = baseProps.get(p.id);
    if (!was) properties.added.push(p.name);
    else if (was.name !== p.name) properties.renamed.push({ from: was.name, to: p.name });
  }
  for (const p of base.schema.properties) if (!targetProps.has(p.id)) properties.removed.push(p.name);

  // Cells compared: stored properties both sides have, under the target's name.
  const compared = target.schema.properties.filter((p) => baseProps.has(p.id) && !COMPUTED_TYPES.has(p.type) && !COMPUTED_TYPES.has(baseProps.get(p.id)!.type));
  const titleOf = (side: DatabaseSide, row: Row) => side.display(row, titleProperty(side.schema)) || 'Untitled';
  const baseRows = new Map(base.rows.map((r) => [r.id, r]));
  const targetIds = new Set(target.rows.map((r) => r.id));
  const rows: DatabaseDiff['rows'] = { added: [], removed: [], changed: [] };
  for (const row of target.rows) {
    const was = baseRows.get(row.id);
    if (!was) {
      rows.added.push({ id: row.id, title: titleOf(target, row) });
      continue;
    }
    const cells: CellChange[] = [];
    for (const p of compared) {
      const before = base.display(was, baseProps.get(p.id)!);
      const after = target.display(row, p);
      if (before !== after) cells.push({ property: p.name, before, after });
    }
    if (cells.length) rows.changed.push({ id: row.id, title: titleOf(target, row), cells });
  }
  for (const row of base.rows) if (!targetIds.has(row.id)) rows.removed.push({ id: row.id, title: titleOf(base, row) });
  return { properties, rows };
}
