'use client';

import { useMemo, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { type FilterScope, type PropertyOf, readCell, type Row } from '@tandem/database';
import { readRows, readSchema } from '@tandem/database/ydoc';
import { openRowPage } from '@/lib/api/databases';
import { errorMessage } from '@/lib/api/client';
import { type LoadedDatabase, rowTitle, searchRows } from '@/lib/database/relations';
import { useToast } from '@/components/ui/Toast';
import { useDatabase } from './DatabaseContext';
import type { CellEditorProps } from './CellEditor';
import { useRelationEdits } from './useRelationEdits';
import styles from './database.module.css';

// A relation cell: the related rows' titles as chips, each opening its row page. Rows this person
// cannot see (the database is not readable, or the row is gone) are not shown, as on the server.
export function RelationChips({ property, row, scope }: { property: PropertyOf<'relation'>; row: Row; scope: FilterScope }) {
  const open = useOpenRelatedRow(property.targetDatabaseId);
  const ids = readCell(property, row) as string[];
  return (
    <span className={styles.chips} data-testid="relation-chips">
      {ids.map((id) => {
        const title = scope.resolver.texts(scope.databaseId, property, [id])[0];
        if (title === undefined) return null;
        return (
          <button
            key={id}
            type="button"
            className={styles.relationChip}
            title={open ? `Open ${title || 'Untitled'}` : undefined}
            disabled={!open}
            onClick={(e) => {
              e.stopPropagation();
              open?.(id);
            }}
            onDoubleClick={(e) => e.stopPropagation()}
            data-testid="relation-chip"
          >
            <span aria-hidden>↗</span> {title || 'Untitled'}
          </button>
        );
      })}
    </span>
  );
}

// Open a related row as its page (made on demand, as for this database's own rows).
function useOpenRelatedRow(targetDatabaseId: string): ((rowId: string) => void) | undefined {
  const { workspaceId } = useDatabase();
  const router = useRouter();
  const toast = useToast();
  if (!workspaceId) return undefined;
  return (rowId) =>
    void openRowPage(targetDatabaseId, rowId).then(
      () => router.push(`/w/${workspaceId}/p/${rowId}`),
      (err: unknown) => toast(`Could not open the row: ${errorMessage(err)}`, 'error'),
    );
}

// The cell editor: the linked rows (click to unlink) and a search over the target's rows by title.
export function RelationEditor({ property, row, initialText, onDone }: CellEditorProps & { property: PropertyOf<'relation'> }) {
  const { related, doc, databaseId } = useDatabase();
  const { setRelation } = useRelationEdits();
  const loaded = useSyncExternalStore(related.subscribe, related.getSnapshot, related.getSnapshot);
  const entry = loaded.get(property.targetDatabaseId);
  const self = property.targetDatabaseId === databaseId;
  const target: LoadedDatabase | null = useMemo(() => (self ? { schema: readSchema(doc, databaseId), rows: readRows(doc) } : entry?.ready ? entry : null), [self, doc, databaseId, entry]);
  const [query, setQuery] = useState(initialText ?? '');
  const [active, setActive] = useState(0);
  const chosen = readCell(property, row) as string[];
  const matches = useMemo(() => (target ? searchRows(target, query) : []), [target, query]);

  const toggle = (id: string) => setRelation(property, row.id, (current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]));

  if (!target) {
    return (
      <div className={styles.popover} data-testid="relation-editor" onKeyDown={(e) => e.key === 'Escape' && onDone(null)}>
        <p className={styles.popoverHint} role="status" data-testid="relation-unavailable">
          {entry?.denied ? 'You cannot read the related database, so its rows cannot be linked here.' : 'Loading the related database…'}
        </p>
      </div>
    );
  }
  const byId = new Map(target.rows.map((r) => [r.id, r]));
  return (
    <div
      className={styles.popover}
      data-testid="relation-editor"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone(null);
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          setActive((i) => Math.max(0, Math.min(matches.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))));
        } else if (e.key === 'Enter') {
          e.preventDefault();
          const item = matches[active];
          if (item) toggle(item.id);
        } else if (e.key === 'Tab') {
          e.preventDefault();
          onDone(e.shiftKey ? 'left' : 'right');
        }
      }}
    >
      {chosen.length > 0 ? (
        <div className={styles.popoverChosen}>
          {chosen.map((id) => {
            const linked = byId.get(id);
            if (!linked) return null;
            const title = rowTitle(target.schema, linked) || 'Untitled';
            return (
              <button key={id} type="button" className={styles.chipButton} onClick={() => toggle(id)} aria-label={`Unlink ${title}`} data-testid="relation-linked">
                <span className={styles.relationChip}>{title}</span> <span aria-hidden>×</span>
              </button>
            );
          })}
        </div>
      ) : null}
      <input
        className={styles.popoverInput}
        autoFocus
        placeholder="Search rows to link"
        value={query}
        aria-label={`${property.name}: search rows`}
        data-testid="relation-search"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
      />
      <div role="listbox" aria-label={property.name} aria-multiselectable className={styles.popoverList}>
        {matches.length === 0 ? <p className={styles.popoverHint}>{target.rows.length === 0 ? 'The related database has no rows yet.' : 'No row matches.'}</p> : null}
        {matches.map((candidate, i) => (
          <div
            key={candidate.id}
            role="option"
            aria-selected={chosen.includes(candidate.id)}
            className={`${styles.popoverItem} ${i === active ? styles.popoverItemActive : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => toggle(candidate.id)}
            onMouseEnter={() => setActive(i)}
            data-testid="relation-option"
          >
            <span className={styles.relationOptionTitle}>{rowTitle(target.schema, candidate) || 'Untitled'}</span>
            {chosen.includes(candidate.id) ? <span className={styles.tick} aria-hidden>✓</span> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
