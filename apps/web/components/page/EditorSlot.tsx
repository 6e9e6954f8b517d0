'use client';

import type { PageAccessRole } from '@tandem/protocol';
import styles from './page.module.css';

// Where the collaborative editor (components/editor, built alongside) mounts. It stays empty
// rather than showing a stand-in editor that would not save anything.
export function EditorSlot({ pageId, role }: { pageId: string; role: PageAccessRole }) {
  return <div className={styles.editorSlot} data-testid="editor-slot" data-page-id={pageId} data-role={role} />;
}
