'use client';

import { useMemo, type ReactNode } from 'react';
import { type DatabaseSchema, findProperty, type Property, queryView, type Row, type View, visibleProperties } from '@tandem/database';
import * as Y from 'yjs';
import { scopeFor, viewerContext } from '@/lib/database/model';
import { DatabaseProvider, type Person } from './DatabaseContext';
import { TableView } from './TableView';
import styles from './database.module.css';

export interface ReadOnlyTableProps {
  databaseId: string;
  schema: DatabaseSchema;
  view: View;
  rows: Row[];
  // Whether `rows` still need the view's filter and sorts (a version's rows), or come in the
  // view's order already (the server's query).
  query: boolean;
  userId: string | null;
  people: Person[];
  socketUrl: string;
  // Tab labels drawn above the table (the first is the shown view).
  tabs: string[];
  testId: string;
  busy?: boolean;
  children?: ReactNode;
}

// A database's rows drawn by the live table, where nothing can be edited: a first paint from the
// projection, or a version of the database. The provider is read-only and its document a scratch
// one that is never written: the table only needs a document to hand to its context.
export function ReadOnlyTable({ databaseId, schema, view, rows, query, userId, people, socketUrl, tabs, testId, busy, children }: ReadOnlyTableProps) {
  const scratch = useMemo(() => new Y.Doc(), []);
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const table = useMemo(() => {
    const columns = visibleProperties(view, schema)
      .map((id) => findProperty(schema, id))
      .filter((p): p is Property => p !== undefined);
    const scope = scopeFor(databaseId, schema, rows, viewerContext(userId, (id) => names.get(id)));
    return { columns, scope, rows: query ? queryView(view, rows, scope).rows : rows };
  }, [databaseId, schema, view, rows, query, userId, names]);

  return (
    <DatabaseProvider doc={scratch} databaseId={databaseId} workspaceId={undefined} editable={false} userId={userId} people={people} socketUrl={socketUrl}>
      <div className={styles.database} data-testid={testId} data-view-layout="table" aria-busy={busy}>
        <div className={styles.databaseHead}>
          {tabs.map((name, i) => (
            <span key={i} className={`${styles.viewTab} ${i === 0 ? styles.viewTabActive : ''}`}>
              {name}
            </span>
          ))}
        </div>
        <TableView view={view} rows={table.rows} columns={table.columns} scope={table.scope} onNewRow={() => null} />
        {children}
      </div>
    </DatabaseProvider>
  );
}
