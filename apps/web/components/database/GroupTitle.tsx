'use client';

import { EMPTY_GROUP, type Property, PropertyType, type RowGroup } from '@tandem/database';
import { useDatabase } from './DatabaseContext';
import { OptionChip } from './OptionChip';
import styles from './database.module.css';

// A group's name as people read it (board columns, table and list sections).
export function groupLabel(property: Property, group: RowGroup): string {
  if (group.key === EMPTY_GROUP) return `No ${property.name}`;
  return group.label || group.key;
}

export function GroupTitle({ property, group }: { property: Property; group: RowGroup }) {
  const { personName } = useDatabase();
  if (group.key !== EMPTY_GROUP && 'options' in property) {
    const option = property.options.find((o) => o.id === group.key);
    if (option) return <OptionChip name={option.name} color={option.color} status={property.type === PropertyType.Status} />;
  }
  if (property.type === PropertyType.Person && group.key !== EMPTY_GROUP) return <span className={styles.groupLabel}>{personName(group.key) ?? 'Someone'}</span>;
  return <span className={styles.groupLabel}>{groupLabel(property, group)}</span>;
}
