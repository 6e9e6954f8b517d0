'use client';

import { useState } from 'react';
import type { WorkspaceView } from '@tandem/protocol';
import { deleteWorkspace } from '@/lib/api/workspaces';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field, FormError } from '@/components/ui/Field';
import styles from '../settings.module.css';
import { useExitWorkspace } from './useExitWorkspace';

export function DeleteWorkspace({ workspace }: { workspace: WorkspaceView }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const exitWorkspace = useExitWorkspace(workspace.id, () => setConfirming(false), setError);
  const remove = () => exitWorkspace(() => deleteWorkspace(workspace.id));
  return (
    <section className={`${styles.section} ${styles.danger}`} aria-labelledby="delete-ws-title">
      <h2 id="delete-ws-title" className={styles.sectionTitle}>
        Delete workspace
      </h2>
      <p className={styles.sectionText}>Deletes every page in it for everyone. This cannot be undone.</p>
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete {workspace.name}
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={`Delete ${workspace.name}?`}>
        <FormError message={error} />
        <Field label={`Type “${workspace.name}” to confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button variant="danger" disabled={typed.trim() !== workspace.name} onClick={() => void remove()}>
            Delete forever
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
