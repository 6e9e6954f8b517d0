'use client';

import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import type { MyInvitationView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { keys } from '@/lib/api/keys';
import { acceptInvitation, declineInvitation, useMyInvitations } from '@/lib/api/workspaces';
import { Button } from '@/components/ui/Button';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import { StandalonePage } from './StandalonePage';
import styles from './settings.module.css';
import { Icon } from '@/components/ui/Icon';

export function InvitationsScreen() {
  return (
    <StandalonePage>
      <main className={styles.page}>
        <h1 className={styles.title}>Invitations</h1>
        <p className={styles.lead}>Workspaces you have been invited to join.</p>
        <InvitationList />
      </main>
    </StandalonePage>
  );
}

export function InvitationList({ compact = false }: { compact?: boolean }) {
  const invitations = useMyInvitations();
  const qc = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const accept = async (inv: MyInvitationView) => {
    try {
      const workspace = await acceptInvitation(inv.id);
      await qc.invalidateQueries({ queryKey: keys.workspaces });
      await qc.invalidateQueries({ queryKey: keys.invitations });
      router.push(`/w/${workspace.id}`);
    } catch (err) {
      toast(`Could not accept: ${errorMessage(err)}`, 'error');
    }
  };
  const decline = async (inv: MyInvitationView) => {
    try {
      await declineInvitation(inv.id);
      toast(`Declined the invitation to ${inv.workspaceName}`);
    } catch (err) {
      toast(`Could not decline: ${errorMessage(err)}`, 'error');
    }
    await qc.invalidateQueries({ queryKey: keys.invitations });
  };
  if (invitations.isPending) return <Loading />;
  if (invitations.isError) return <ErrorState error={invitations.error} what="invitation list" />;
  if (invitations.data.invitations.length === 0) {
    return compact ? null : <p className={styles.sectionText}>No invitations waiting for you.</p>;
  }
  return (
    <ul className={styles.list} data-testid="invitation-list">
      {invitations.data.invitations.map((inv) => (
        <li key={inv.id} className={styles.item}>
          <Icon name="mail" size={18} />
          <div className={styles.itemText}>
            <div className={styles.itemName}>{inv.workspaceName}</div>
            <div className={styles.itemSub}>
              {inv.invitedBy ? `${inv.invitedBy.name} invited you` : 'You are invited'} as {inv.role}
            </div>
          </div>
          <Button size="small" variant="primary" onClick={() => void accept(inv)}>
            Accept
          </Button>
          <Button size="small" variant="ghost" onClick={() => void decline(inv)}>
            Decline
          </Button>
        </li>
      ))}
    </ul>
  );
}
