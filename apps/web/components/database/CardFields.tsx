'use client';

import { isEmptyValue, type FilterScope, type Property, PropertyType, readCell, type Row } from '@tandem/database';
import { CellView } from './CellView';
import styles from './database.module.css';

// A card's text (board and gallery): the title, then each shown property that has a value (an
// unchecked box counts as empty), as Notion's cards leave blanks out.
export function CardFields({ title, shown, row, scope }: { title: Property; shown: readonly Property[]; row: Row; scope: FilterScope }) {
  return (
    <>
      <p className={styles.cardTitle}>{(readCell(title, row) as string) || 'Untitled'}</p>
      {shown.map((p) =>
        isEmptyValue(scope.resolver.value(scope.databaseId, row, p)) || (p.type === PropertyType.Checkbox && readCell(p, row) !== true) ? null : (
          <div key={p.id} className={styles.cardProperty} title={p.name}>
            <CellView property={p} row={row} scope={scope} />
          </div>
        ),
      )}
    </>
  );
}
