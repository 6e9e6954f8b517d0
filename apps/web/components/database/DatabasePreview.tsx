'use client';

import { useDatabasePreview } from '@/lib/api/databases';
import { EditorSkeleton } from '@/components/editor/CollaborativeEditor';
import type { Person } from './DatabaseContext';
import { ReadOnlyTable } from './ReadOnlyTable';
import styles from './database.module.css';

// What a database page shows while its document is still syncing (10,000 rows are megabytes): the
// first view's first rows from the worker's projection, read-only, in the same table. A first
// open paints in one or two short requests instead of waiting for the whole document; the live
// views replace it as soon as the document is in. Tables only: other layouts wait for the document.
export function DatabasePreview({ databaseId, userId, people, socketUrl }: { databaseId: string; userId: string; people: Person[]; socketUrl: string }) {
  const preview = useDatabasePreview(databaseId, true);
  const data = preview.data;
  if (!data || data.view.layout !== 'table') return <EditorSkeleton />;
  return (
    <ReadOnlyTable
      databaseId={databaseId}
      schema={data.database.schema}
      view={data.view}
      rows={data.rows}
      query={false}
      userId={userId}
      people={people}
      socketUrl={socketUrl}
      tabs={[data.view.name]}
      testId="database-preview"
      busy
    >
      <p className={styles.footer} role="status">
        Loading the live database…
      </p>
    </ReadOnlyTable>
  );
}
