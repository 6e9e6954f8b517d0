'use client';

import { useState, type DragEvent } from 'react';
import { EMPTY_GROUP, findProperty, type FilterScope, type Property, PropertyType, readCell, type Row, type RowGroup, type View } from '@tandem/database';
import { addRows, moveRow, setCells } from '@tandem/database/ydoc';
import { newRowId } from '@/lib/database/model';
import { valueForGroup, valuesForFilter } from '@/lib/database/views';
import { Icon } from '@/components/ui/Icon';
import { CardFields } from './CardFields';
import { useDatabase } from './DatabaseContext';
import { GroupTitle, groupLabel } from './GroupTitle';
import styles from './database.module.css';

interface Drop {
  group: string;
  // The card the dragged one goes before (null: the end of the column).
  before: string | null;
}

// The board layout: one column per group of the view's group-by property. Dragging a card to
// another column sets its value (one cell write); dragging within a column moves it (one order-key
// write), so two people dragging different cards at once both keep their move.
export function BoardView({ view, groups, columns, scope }: { view: View; groups: RowGroup[]; columns: Property[]; scope: FilterScope }) {
  const { change, editable, openRow, userId } = useDatabase();
  const [drag, setDrag] = useState<{ rowId: string; from: string } | null>(null);
  const [drop, setDrop] = useState<Drop | null>(null);
  const groupBy = view.groupBy ? findProperty(scope.schema, view.groupBy.property) : undefined;
  if (!groupBy) return <p className={styles.empty}>This board’s group-by property was deleted. Pick another in a new board view.</p>;
  // Status grouped by To-do/In progress/Done has no one value per column to set.
  const canDrop = editable && view.groupBy?.statusBy !== 'group';
  const shown = columns.filter((p) => p.type !== PropertyType.Title && p.id !== groupBy.id);
  const title = columns.find((p) => p.type === PropertyType.Title) ?? scope.schema.properties[0]!;

  const finish = (target: Drop) => {
    if (!drag) return;
    const { rowId, from } = drag;
    setDrag(null);
    setDrop(null);
    const column = groups.find((g) => g.key === target.group);
    if (!column) return;
    const rows = column.rows.filter((r) => r.id !== rowId);
    const at = target.before === null ? rows.length : Math.max(0, rows.findIndex((r) => r.id === target.before));
    change((doc, id, by) =>
      doc.transact(() => {
        if (target.group !== from) {
          const current = readCell(groupBy, findRow(groups, rowId)!);
          setCells(doc, id, rowId, { [groupBy.id]: valueForGroup(groupBy, current, from, target.group, EMPTY_GROUP) }, by);
        }
        // Manual order only means something without sorts (with them the sort decides).
        if (view.sorts.length === 0) moveRow(doc, rowId, rows[at - 1]?.id ?? null, rows[at]?.id ?? null, by);
      }),
    );
  };

  const addTo = (group: RowGroup) => {
    const id = newRowId();
    const value = group.key === EMPTY_GROUP ? undefined : valueForGroup(groupBy, undefined, EMPTY_GROUP, group.key, EMPTY_GROUP);
    const last = group.rows[group.rows.length - 1]?.id;
    const values = { ...valuesForFilter(view.filter, scope.schema, userId), ...(value === undefined ? {} : { [groupBy.id]: value }) };
    change((doc, dbId, by) => addRows(doc, dbId, [{ id, values, after: view.sorts.length === 0 ? last : undefined }], by));
  };

  const cardDragOver = (e: DragEvent, group: string, rowId: string) => {
    if (!drag || !canDrop) return;
    e.preventDefault();
    e.stopPropagation();
    const rect = e.currentTarget.getBoundingClientRect();
    const lower = e.clientY > rect.top + rect.height / 2;
    const rows = groups.find((g) => g.key === group)?.rows ?? [];
    const i = rows.findIndex((r) => r.id === rowId);
    const before = lower ? (rows[i + 1]?.id ?? null) : rowId;
    if (drop?.group !== group || drop.before !== before) setDrop({ group, before });
  };

  return (
    <div className={styles.board} data-testid="database-board">
      {groups.map((group) => (
        <section
          key={group.key}
          className={`${styles.boardColumn} ${drop?.group === group.key ? styles.boardColumnOver : ''}`}
          aria-label={groupLabel(groupBy, group)}
          data-testid="board-column"
          data-group={groupLabel(groupBy, group)}
          onDragOver={(e) => {
            if (!drag || !canDrop) return;
            e.preventDefault();
            if (drop?.group !== group.key || drop.before !== null) setDrop({ group: group.key, before: null });
          }}
          onDrop={(e) => {
            e.preventDefault();
            if (drop) finish(drop);
          }}
        >
          <header className={styles.boardHeader}>
            <GroupTitle property={groupBy} group={group} />
            <span className={styles.count}>{group.rows.length}</span>
          </header>
          <div className={styles.boardCards}>
            {group.rows.map((row) => (
              <div key={row.id}>
                {drop?.group === group.key && drop.before === row.id ? <div className={styles.dropLine} /> : null}
                <article
                  className={`${styles.card} ${drag?.rowId === row.id ? styles.cardDragging : ''}`}
                  draggable={canDrop}
                  tabIndex={0}
                  onDragStart={(e) => {
                    e.dataTransfer.setData('text/plain', row.id);
                    e.dataTransfer.effectAllowed = 'move';
                    setDrag({ rowId: row.id, from: group.key });
                  }}
                  onDragEnd={() => {
                    setDrag(null);
                    setDrop(null);
                  }}
                  onDragOver={(e) => cardDragOver(e, group.key, row.id)}
                  onClick={() => openRow?.(row.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') openRow?.(row.id);
                  }}
                  data-testid="board-card"
                  data-row-id={row.id}
                >
                  <CardFields title={title} shown={shown} row={row} scope={scope} />
                </article>
              </div>
            ))}
            {drop?.group === group.key && drop.before === null ? <div className={styles.dropLine} /> : null}
          </div>
          {editable ? (
            <button type="button" className={styles.newRow} onClick={() => addTo(group)} data-testid="board-new">
              <Icon name="plus" size={14} /> New
            </button>
          ) : null}
        </section>
      ))}
    </div>
  );
}

function findRow(groups: RowGroup[], rowId: string): Row | undefined {
  for (const g of groups) {
    const row = g.rows.find((r) => r.id === rowId);
    if (row) return row;
  }
  return undefined;
}
