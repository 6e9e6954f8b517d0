'use client';

import { memo } from 'react';
import { isFormulaError, isEmptyValue, type Property, PropertyType, type Row, type FilterScope, readCell, formatDateForDisplay, type DateValue } from '@tandem/database';
import { colorFor } from '@/lib/colors';
import { useDatabase } from './DatabaseContext';
import { OptionChip } from './OptionChip';
import { RelationChips } from './RelationCell';
import styles from './database.module.css';

// How a cell reads when it is not being edited. Computed cells (formulas, created by…) go through
// the query's resolver so they show exactly what filters and sorts see. Memoized: the table renders
// again on every scroll frame, and the cells of rows still in view have the same property, row and
// scope (each edit makes new row objects), so only the rows scrolled in are drawn.
export const CellView = memo(function CellView({ property, row, scope }: { property: Property; row: Row; scope: FilterScope }) {
  const { personName } = useDatabase();
  switch (property.type) {
    case PropertyType.Select:
    case PropertyType.Status:
    case PropertyType.MultiSelect: {
      const value = readCell(property, row);
      const ids = Array.isArray(value) ? (value as string[]) : value === null ? [] : [value as string];
      return (
        <span className={styles.chips}>
          {ids.map((id) => {
            const option = property.options.find((o) => o.id === id);
            return option ? <OptionChip key={id} name={option.name} color={option.color} status={property.type === PropertyType.Status} /> : null;
          })}
        </span>
      );
    }
    case PropertyType.Checkbox:
      return (
        <span className={`${styles.checkbox} ${readCell(property, row) === true ? styles.checked : ''}`} role="img" aria-label={readCell(property, row) === true ? 'Checked' : 'Not checked'}>
          {readCell(property, row) === true ? '✓' : ''}
        </span>
      );
    case PropertyType.Person:
    case PropertyType.CreatedBy:
    case PropertyType.LastEditedBy: {
      const value = scope.resolver.value(scope.databaseId, row, property);
      const ids = Array.isArray(value) ? (value as string[]).filter((id) => id !== '') : [];
      return (
        <span className={styles.chips}>
          {ids.map((id) => (
            <span key={id} className={styles.person}>
              <span className={styles.personAvatar} style={{ background: colorFor(id) }} aria-hidden>
                {(personName(id) ?? '?').trim().charAt(0).toUpperCase()}
              </span>
              {personName(id) ?? 'Someone'}
            </span>
          ))}
        </span>
      );
    }
    case PropertyType.Url: {
      const url = readCell(property, row) as string;
      if (!url) return null;
      const href = /^https?:\/\//i.test(url) ? url : `https://${url}`;
      return (
        <a className={styles.link} href={href} target="_blank" rel="noreferrer noopener" onClick={(e) => e.stopPropagation()}>
          {url}
        </a>
      );
    }
    case PropertyType.Relation:
      return <RelationChips property={property} row={row} scope={scope} />;
    case PropertyType.Date: {
      const value = readCell(property, row) as DateValue | null;
      return value ? <span>{formatDateForDisplay(value, scope.resolver.context.timeZone)}</span> : null;
    }
    default: {
      const value = scope.resolver.value(scope.databaseId, row, property);
      if (isFormulaError(value)) return <span className={styles.cellError} title={value.message}>#{value.error}</span>;
      if (isEmptyValue(value)) return null;
      const text = scope.resolver.display(scope.databaseId, row, property);
      return <span className={property.type === PropertyType.Number ? styles.number : undefined}>{text}</span>;
    }
  }
});
