'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { InvitationView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { keys } from '@/lib/api/keys';
import { revokeInvitation } from '@/lib/api/workspaces';
import { Button } from '@/components/ui/Button';
import { Icon } from '@/components/ui/Icon';
import { useToast } from '@/components/ui/Toast';
import styles from '../settings.module.css';

export function PendingInvitation({ workspaceId, invitation }: { workspaceId: string; invitation: InvitationView }) {
  const qc = useQueryClient();
  const toast = useToast();
  const revoke = async () => {
    try {
      await revokeInvitation(workspaceId, invitation.id);
    } catch (err) {
      toast(`Could not cancel the invitation: ${errorMessage(err)}`, 'error');
    }
    await qc.invalidateQueries({ queryKey: keys.members(workspaceId) });
  };
  return (
    <li className={styles.item}>
      <Icon name="mail" size={18} />
      <div className={styles.itemText}>
        <div className={styles.itemName}>{invitation.email}</div>
        <div className={styles.itemSub}>
          Invited as {invitation.role}
          {invitation.invitedBy ? ` by ${invitation.invitedBy.name}` : ''}
        </div>
      </div>
      <Button size="small" variant="ghost" onClick={() => void revoke()}>
        Cancel invitation
      </Button>
    </li>
  );
}
