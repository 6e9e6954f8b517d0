'use client';

import { isEmptyValue, type FilterScope, type Property, PropertyType, readCell, type Row } from '@tandem/database';
import { Icon } from '@/components/ui/Icon';
import { CellView } from './CellView';
import { useDatabase } from './DatabaseContext';
import styles from './database.module.css';

// The list layout: one line per row, its title and the filled properties to the right; a click
// opens the row's page. Drawn whole (lists are for reading a few hundred rows, the table for more).
const LIST_LIMIT = 1_000;

export function ListView({ rows, columns, scope, onNew }: { rows: Row[]; columns: Property[]; scope: FilterScope; onNew: () => void }) {
  const { editable, openRow } = useDatabase();
  const title = columns.find((p) => p.type === PropertyType.Title) ?? scope.schema.properties[0]!;
  const shown = columns.filter((p) => p.id !== title.id);
  return (
    <div className={styles.list} data-testid="database-list">
      {rows.slice(0, LIST_LIMIT).map((row) => (
        <button key={row.id} type="button" className={styles.listRow} onClick={() => openRow?.(row.id)} data-testid="list-row" data-row-id={row.id}>
          <Icon name="page" size={14} />
          <span className={styles.listTitle}>{(readCell(title, row) as string) || 'Untitled'}</span>
          <span className={styles.listProperties}>
            {shown.map((p) =>
              isEmptyValue(scope.resolver.value(scope.databaseId, row, p)) || (p.type === PropertyType.Checkbox && readCell(p, row) !== true) ? null : (
                <span key={p.id} className={styles.listProperty} title={p.name}>
                  <CellView property={p} row={row} scope={scope} />
                </span>
              ),
            )}
          </span>
        </button>
      ))}
      {rows.length > LIST_LIMIT ? <p className={styles.empty}>Showing the first {LIST_LIMIT.toLocaleString()} of {rows.length.toLocaleString()} rows: search or filter to narrow it.</p> : null}
      {rows.length === 0 ? <p className={styles.empty}>No rows.</p> : null}
      {editable ? (
        <button type="button" className={styles.newRow} onClick={onNew} data-testid="new-row">
          <Icon name="plus" size={14} /> New
        </button>
      ) : null}
    </div>
  );
}
