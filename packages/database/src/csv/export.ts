// A view as CSV: its visible properties in order (title first when the view has not moved it),
// its filtered and sorted rows, each cell as the text people see. Cells a spreadsheet would run
// as formulas are defused by csvLine.
import type { FilterScope } from '../filter-eval.js';
import { queryView } from '../query.js';
import { findProperty, type Property } from '../schema.js';
import type { Row } from '../values.js';
import { visibleProperties, type View } from '../view.js';
import { csvLine } from './cell.js';

export function exportViewCsv(view: View, rows: readonly Row[], scope: FilterScope): string {
  const columns = visibleProperties(view, scope.schema)
    .map((id) => findProperty(scope.schema, id))
    .filter((p): p is Property => p !== undefined);
  const { rows: shown } = queryView(view, rows, scope);
  // Byte order mark: spreadsheet apps otherwise read UTF-8 as Latin-1.
  let out = `\uFEFF${csvLine(columns.map((p) => p.name))}`;
  for (const row of shown) out += csvLine(columns.map((p) => scope.resolver.display(scope.databaseId, row, p)));
  return out;
}
