'use client';

import { useState } from 'react';
import type { MembersResponse, WorkspaceView } from '@tandem/protocol';
import { leaveWorkspace } from '@/lib/api/workspaces';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { FormError } from '@/components/ui/Field';
import styles from '../settings.module.css';
import { useExitWorkspace } from './useExitWorkspace';

export function LeaveWorkspace({ workspace, members }: { workspace: WorkspaceView; members?: MembersResponse }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const exitWorkspace = useExitWorkspace(workspace.id, () => setConfirming(false), setError);
  // The server refuses to let the last owner leave: the workspace would have nobody in charge.
  const soleOwner = workspace.role === 'owner' && (members?.members.filter((m) => m.role === 'owner').length ?? 1) <= 1;
  const leave = () => exitWorkspace(() => leaveWorkspace(workspace.id));
  return (
    <section className={`${styles.section} ${styles.danger}`} aria-labelledby="leave-title">
      <h2 id="leave-title" className={styles.sectionTitle}>
        Leave workspace
      </h2>
      <p className={styles.sectionText}>
        {soleOwner
          ? 'You are its only owner. Make someone else the owner before you leave, or delete the workspace.'
          : 'You lose access to its pages unless someone invites you again.'}
      </p>
      <Button variant="danger" disabled={soleOwner} onClick={() => setConfirming(true)}>
        Leave {workspace.name}
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={`Leave ${workspace.name}?`}>
        <FormError message={error} />
        <p>You will no longer see its pages.</p>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button variant="danger" onClick={() => void leave()}>
            Leave
          </Button>
        </div>
      </Dialog>
    </section>
  );
}
