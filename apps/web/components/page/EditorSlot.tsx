'use client';

import type { ReactNode } from 'react';
import type { PageAccessRole } from '@tandem/protocol';
import { PageEditor } from '@/components/editor';
import { DatabaseView } from '@/components/database/DatabaseView';
import styles from './page.module.css';

// Where the collaborative editor (components/editor) mounts: a fresh editor per page, so one
// page's document, awareness and offline copy never leak into the next. A database page shows its
// views (components/database) over the same kind of session instead of rich text.
export function EditorSlot({
  pageId,
  role,
  shareToken,
  workspaceId,
  locked,
  menu,
  database,
}: {
  pageId: string;
  role: PageAccessRole;
  shareToken?: string;
  workspaceId?: string;
  locked?: boolean;
  menu?: ReactNode;
  // Present for a database page: how a row opens.
  database?: { openRow?: (rowId: string) => void };
}) {
  return (
    <div className={styles.editorSlot} data-testid="editor-slot">
      {database ? (
        <DatabaseView key={pageId} pageId={pageId} role={role} shareToken={shareToken} workspaceId={workspaceId} locked={locked} menu={menu} openRow={database.openRow} />
      ) : (
        <PageEditor key={pageId} pageId={pageId} role={role} shareToken={shareToken} workspaceId={workspaceId} locked={locked} menu={menu} />
      )}
    </div>
  );
}
