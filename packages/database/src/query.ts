// One view applied to rows: search box, filter, sorts, then groups. The web runs this over the
// Yjs document; the server's REST query will run the same filter model as SQL and must agree.
import { matchesFilter, type FilterScope } from './filter-eval.js';
import { groupRows, type RowGroup } from './group.js';
import { findProperty } from './schema.js';
import { sortRows } from './sort.js';
import type { Row } from './values.js';
import { visibleProperties, type View } from './view.js';

export interface ViewResult {
  rows: Row[];
  // Present when the view groups.
  groups: RowGroup[] | null;
}

export function queryView(view: Pick<View, 'filter' | 'sorts' | 'groupBy' | 'properties'>, rows: readonly Row[], scope: FilterScope, search = ''): ViewResult {
  const needle = search.trim().normalize('NFC').toLocaleLowerCase();
  const shown = needle === '' ? [] : visibleProperties(view, scope.schema).map((id) => findProperty(scope.schema, id)!);
  const kept = rows.filter(
    (row) =>
      matchesFilter(view.filter, row, scope) &&
      (needle === '' || shown.some((p) => scope.resolver.display(scope.databaseId, row, p).normalize('NFC').toLocaleLowerCase().includes(needle))),
  );
  const sorted = sortRows(kept, view.sorts, scope);
  return { rows: sorted, groups: view.groupBy ? groupRows(sorted, view.groupBy, scope) : null };
}
