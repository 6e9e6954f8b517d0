'use client';

import { useMemo, useState, useSyncExternalStore } from 'react';
import { findProperty, type Property, queryView, visibleProperties } from '@tandem/database';
import { valuesForFilter } from '@/lib/database/views';
import type { DatabaseStore } from '@/lib/database/store';
import { BoardView } from './BoardView';
import { CalendarView } from './CalendarView';
import { GalleryView } from './GalleryView';
import { GroupedSections } from './GroupedSections';
import { useDatabase } from './DatabaseContext';
import { ListView } from './ListView';
import { appendRow, TableView } from './TableView';
import { Toolbar } from './Toolbar';
import { undoKeys } from './undoKeys';
import { ViewTabs } from './ViewTabs';
import { useViewScope } from './useViewScope';
import styles from './database.module.css';

export interface DatabaseBodyProps {
  store: DatabaseStore;
  // Which view tab shows, when the caller keeps it (a database block stores it in the page);
  // absent, it is this person's own choice for as long as the body is shown.
  viewId?: string | null;
  onViewChange?: (viewId: string) => void;
}

// A database page's body: its views as tabs, the toolbar, and the current view's layout over the
// live document. Everything is re-queried when the document changes (one render per transaction).
export function DatabaseBody({ store, viewId: keptViewId, onViewChange }: DatabaseBodyProps) {
  const { userId, change, undo, redo } = useDatabase();
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const { scope } = useViewScope(snapshot);
  const [ownViewId, setOwnViewId] = useState<string | null>(null);
  const viewId = onViewChange ? (keptViewId ?? null) : ownViewId;
  const setViewId = onViewChange ?? setOwnViewId;
  const [search, setSearch] = useState('');
  const view = snapshot.views.find((v) => v.id === viewId) ?? snapshot.views[0];
  const result = useMemo(() => {
    if (!view) return null;
    const columns = visibleProperties(view, snapshot.schema)
      .map((id) => findProperty(snapshot.schema, id))
      .filter((p): p is Property => p !== undefined);
    return { scope, columns, ...queryView(view, snapshot.rows, scope, search) };
  }, [snapshot, view, scope, search]);

  if (!snapshot.ready || !view || !result) return <p className={styles.empty}>This database has no views yet.</p>;
  // A new row meets the view's filter where it plainly can, so it does not vanish as it is made.
  const onNew = () => appendRow(change, valuesForFilter(view.filter, snapshot.schema, userId));
  return (
    <div className={styles.database} data-testid="database" data-view-layout={view.layout} onKeyDown={(e) => undoKeys(e, undo, redo)}>
      <div className={styles.databaseHead}>
        <ViewTabs views={snapshot.views} current={view} schema={snapshot.schema} onSwitch={setViewId} />
        <Toolbar view={view} schema={snapshot.schema} search={search} onSearch={setSearch} onNew={onNew} />
      </div>
      {view.layout === 'board' && result.groups ? (
        <BoardView view={view} groups={result.groups} columns={result.columns} scope={result.scope} />
      ) : view.layout === 'calendar' ? (
        <CalendarView view={view} rows={result.rows} scope={result.scope} />
      ) : view.layout === 'gallery' ? (
        <GalleryView view={view} rows={result.rows} columns={result.columns} scope={result.scope} onNew={onNew} />
      ) : view.layout === 'list' && result.groups ? (
        <GroupedSections view={view} groups={result.groups} scope={result.scope}>
          {/* The section's header already names the grouped value: the lines leave it out, as a board's cards do. */}
          {(rows, onNewInGroup) => <ListView rows={rows} columns={result.columns.filter((p) => p.id !== view.groupBy?.property)} scope={result.scope} onNew={onNewInGroup} />}
        </GroupedSections>
      ) : view.layout === 'list' ? (
        <ListView rows={result.rows} columns={result.columns} scope={result.scope} onNew={onNew} />
      ) : result.groups ? (
        <GroupedSections view={view} groups={result.groups} scope={result.scope}>
          {(rows, onNewInGroup) => <TableView view={view} rows={rows} columns={result.columns} scope={result.scope} onNewRow={onNewInGroup} />}
        </GroupedSections>
      ) : (
        <TableView view={view} rows={result.rows} columns={result.columns} scope={result.scope} onNewRow={onNew} />
      )}
      <p className={styles.footer} aria-live="polite" data-testid="row-count">
        {result.rows.length === snapshot.rows.length ? `${snapshot.rows.length.toLocaleString()} rows` : `${result.rows.length.toLocaleString()} of ${snapshot.rows.length.toLocaleString()} rows`}
      </p>
    </div>
  );
}
