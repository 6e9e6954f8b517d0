'use client';

import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { WorkspaceView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { keys } from '@/lib/api/keys';
import { updateWorkspaceSettings } from '@/lib/api/workspaces';
import { useToast } from '@/components/ui/Toast';
import styles from '../settings.module.css';

// Whether public links show the page's comments (owners and admins; the change is audited).
export function CommentsOnLinks({ workspace }: { workspace: WorkspaceView }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  // The box follows the click at once; a failure puts it back.
  const [checked, setChecked] = useState(workspace.settings.commentsOnPublicLinks);
  const change = async (commentsOnPublicLinks: boolean) => {
    setSaving(true);
    setChecked(commentsOnPublicLinks);
    try {
      await updateWorkspaceSettings(workspace.id, { commentsOnPublicLinks });
      await qc.invalidateQueries({ queryKey: keys.workspaces });
      toast(commentsOnPublicLinks ? 'Public links show comments' : 'Comments are hidden from public links');
    } catch (err) {
      setChecked(!commentsOnPublicLinks);
      toast(`Could not change the setting: ${errorMessage(err)}`, 'error');
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className={styles.section} aria-labelledby="ws-links-title">
      <h2 id="ws-links-title" className={styles.sectionTitle}>
        Public links
      </h2>
      <label className={styles.toggle}>
        <input type="checkbox" checked={checked} disabled={saving} onChange={(e) => void change(e.target.checked)} data-testid="comments-on-links" />
        <span>
          Show comments to people with a public link
          <span className={styles.toggleHint}>They read threads but can never comment. Turn this off to keep discussions among members.</span>
        </span>
      </label>
    </section>
  );
}
