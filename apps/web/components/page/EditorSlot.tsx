'use client';

import type { ReactNode } from 'react';
import type { PageAccessRole } from '@tandem/protocol';
import { PageEditor } from '@/components/editor';
import styles from './page.module.css';

// Where the collaborative editor (components/editor) mounts: a fresh editor per page, so one
// page's document, awareness and offline copy never leak into the next.
export function EditorSlot({
  pageId,
  role,
  shareToken,
  workspaceId,
  locked,
  menu,
}: {
  pageId: string;
  role: PageAccessRole;
  shareToken?: string;
  workspaceId?: string;
  locked?: boolean;
  menu?: ReactNode;
}) {
  return (
    <div className={styles.editorSlot} data-testid="editor-slot">
      <PageEditor key={pageId} pageId={pageId} role={role} shareToken={shareToken} workspaceId={workspaceId} locked={locked} menu={menu} />
    </div>
  );
}
