'use client';

import type { VersionDatabase as Database } from '@tandem/protocol';
import { SessionGate } from '@/components/editor/SessionGate';
import { useMemberPeople } from '@/components/database/DatabaseView';
import { ReadOnlyTable } from '@/components/database/ReadOnlyTable';
import styles from './history.module.css';

// A database page's version: its first view's rows as they were (that view's filter and sorts),
// drawn by the live table, read-only. Other layouts show as that table too: a preview is for
// reading what the rows held.
export function VersionDatabase({ pageId, workspaceId, database }: { pageId: string; workspaceId: string; database: Database }) {
  const people = useMemberPeople(workspaceId);
  const view = database.views[0];
  if (!view) return <p className={styles.empty}>This version has no views of its database.</p>;
  return (
    <SessionGate failure="The version’s database could not be shown: the app’s settings did not load. Check your connection and reload.">
      {(user, socketUrl) => (
        <div className={styles.versionDatabase}>
          <ReadOnlyTable
            databaseId={pageId}
            schema={database.schema}
            view={view}
            rows={database.rows}
            query
            userId={user?.id ?? null}
            people={people}
            socketUrl={socketUrl}
            tabs={database.views.map((v) => v.name)}
            testId="version-database"
          />
        </div>
      )}
    </SessionGate>
  );
}
