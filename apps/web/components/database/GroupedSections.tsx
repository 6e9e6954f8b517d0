'use client';

import { useState, type ReactNode } from 'react';
import { findProperty, type FilterScope, type Row, type RowGroup, type View } from '@tandem/database';
import { addRows } from '@tandem/database/ydoc';
import { newRowId } from '@/lib/database/model';
import { valueForNewInGroup, valuesForFilter } from '@/lib/database/views';
import { Icon } from '@/components/ui/Icon';
import { useDatabase } from './DatabaseContext';
import { GroupTitle, groupLabel } from './GroupTitle';
import styles from './database.module.css';

// Past this many groups (grouping 10,000 rows by a title or a number makes thousands) the rest are
// left out with a note: each section draws its own layout, and thousands of them would not scroll.
const GROUP_LIMIT = 100;

// A table or list grouped by the view's group-by property: one collapsible section per group with
// its name and count, the layout drawn inside for the group's rows (each table stays virtualized).
// "+ New" inside a section makes a row that lands in that group. Which sections are collapsed is
// this person's, for this visit.
export function GroupedSections({
  view,
  groups,
  scope,
  children,
}: {
  view: View;
  groups: RowGroup[];
  scope: FilterScope;
  children: (rows: Row[], onNew: () => string | null, group: RowGroup) => ReactNode;
}) {
  const { change, userId } = useDatabase();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const property = view.groupBy ? findProperty(scope.schema, view.groupBy.property) : undefined;
  if (!property || !view.groupBy) return null;
  const groupBy = view.groupBy;

  const addTo = (group: RowGroup): string | null => {
    const id = newRowId();
    const value = valueForNewInGroup(property, groupBy, group);
    const values = { ...valuesForFilter(view.filter, scope.schema, userId), ...(value === undefined ? {} : { [property.id]: value }) };
    // Without sorts the row goes right after the group's last one, where the person clicked.
    const after = view.sorts.length === 0 ? group.rows[group.rows.length - 1]?.id : undefined;
    return change((doc, dbId, by) => addRows(doc, dbId, [{ id, values, after }], by)) ? id : null;
  };
  const toggle = (key: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <div className={styles.groups} data-testid="database-groups">
      {groups.slice(0, GROUP_LIMIT).map((group) => {
        const open = !collapsed.has(group.key);
        const label = groupLabel(property, group);
        return (
          <section key={group.key} className={styles.group} aria-label={label} data-testid="group" data-group={label}>
            <header className={styles.groupHeader}>
              <button type="button" className={styles.groupToggle} aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`} onClick={() => toggle(group.key)} data-testid="group-toggle">
                <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
              </button>
              <GroupTitle property={property} group={group} />
              <span className={styles.count} data-testid="group-count">
                {group.rows.length.toLocaleString()}
              </span>
            </header>
            {open ? children(group.rows, () => addTo(group), group) : null}
          </section>
        );
      })}
      {groups.length > GROUP_LIMIT ? (
        <p className={styles.empty}>
          Showing the first {GROUP_LIMIT} of {groups.length.toLocaleString()} groups: filter, or group by a property with fewer values.
        </p>
      ) : null}
    </div>
  );
}
