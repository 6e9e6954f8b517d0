'use client';

import { useMemo } from 'react';
import { findProperty, type Property, visibleProperties } from '@tandem/database';
import * as Y from 'yjs';
import { useDatabasePreview } from '@/lib/api/databases';
import { scopeFor, viewerContext } from '@/lib/database/model';
import { EditorSkeleton } from '@/components/editor/CollaborativeEditor';
import { DatabaseProvider, type Person } from './DatabaseContext';
import { TableView } from './TableView';
import styles from './database.module.css';

// What a database page shows while its document is still syncing (10,000 rows are megabytes): the
// first view's first rows from the worker's projection, read-only, in the same table. A first
// open paints in one or two short requests instead of waiting for the whole document; the live
// views replace it as soon as the document is in. Tables only: other layouts wait for the document.
export function DatabasePreview({ databaseId, userId, people, socketUrl }: { databaseId: string; userId: string; people: Person[]; socketUrl: string }) {
  const preview = useDatabasePreview(databaseId, true);
  // Never written (the provider is read-only): the table needs a document to hand to its context.
  const scratch = useMemo(() => new Y.Doc(), []);
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const data = preview.data;
  const table = useMemo(() => {
    if (!data || data.view.layout !== 'table') return null;
    const schema = data.database.schema;
    const columns = visibleProperties(data.view, schema)
      .map((id) => findProperty(schema, id))
      .filter((p): p is Property => p !== undefined);
    return { columns, scope: scopeFor(databaseId, schema, data.rows, viewerContext(userId, (id) => names.get(id))) };
  }, [data, databaseId, userId, names]);

  if (!data || !table) return <EditorSkeleton />;
  return (
    <DatabaseProvider doc={scratch} databaseId={databaseId} workspaceId={undefined} editable={false} userId={userId} people={people} socketUrl={socketUrl}>
      <div className={styles.database} data-testid="database-preview" data-view-layout="table" aria-busy>
        <div className={styles.databaseHead}>
          <span className={`${styles.viewTab} ${styles.viewTabActive}`}>{data.view.name}</span>
        </div>
        <TableView view={data.view} rows={data.rows} columns={table.columns} scope={table.scope} onNewRow={() => null} />
        <p className={styles.footer} role="status">
          Loading the live database…
        </p>
      </div>
    </DatabaseProvider>
  );
}
