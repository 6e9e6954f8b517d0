'use client';

import { useState } from 'react';
import type { AssignableWorkspaceRole, MemberView, WorkspaceView } from '@tandem/protocol';
import { Avatar } from '@/components/ui/Avatar';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { uiStyles } from '@/components/ui/Field';
import styles from '../settings.module.css';
import { ASSIGNABLE, ROLE_HELP, roleLabel } from './roles';
import { useMemberActions } from './useMemberActions';

export function MemberRow({ workspace, member, isMe }: { workspace: WorkspaceView; member: MemberView; isMe: boolean }) {
  const [transferring, setTransferring] = useState(false);
  const { changeRole, remove, transfer } = useMemberActions(workspace, member);
  const canManage =
    !isMe && member.role !== 'owner' && (workspace.role === 'owner' || (workspace.role === 'admin' && member.role !== 'admin'));

  return (
    <li className={styles.item} data-testid="member-row">
      <Avatar id={member.userId} name={member.name} size={30} />
      <div className={styles.itemText}>
        <div className={styles.itemName}>
          {member.name}
          {isMe ? <span className={styles.tag}>You</span> : null}
        </div>
        <div className={styles.itemSub}>{member.email}</div>
      </div>
      {canManage ? (
        <>
          <select
            className={uiStyles.select}
            aria-label={`Role of ${member.name}`}
            value={member.role}
            onChange={(e) => void changeRole(e.target.value as AssignableWorkspaceRole)}
          >
            {ASSIGNABLE.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
          {workspace.role === 'owner' ? (
            <Button size="small" variant="ghost" onClick={() => setTransferring(true)}>
              Make owner
            </Button>
          ) : null}
          <Button size="small" variant="danger" onClick={() => void remove()} aria-label={`Remove ${member.name}`}>
            Remove
          </Button>
        </>
      ) : (
        <span className={styles.role} title={ROLE_HELP[member.role]}>
          {member.role}
        </span>
      )}
      <Dialog open={transferring} onClose={() => setTransferring(false)} title="Transfer ownership?">
        <p>
          {member.name} becomes the owner of {workspace.name}, and you become an admin. Only the new owner can give it back.
        </p>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <Button onClick={() => setTransferring(false)}>Cancel</Button>
          <Button
            variant="danger"
            onClick={() => {
              setTransferring(false);
              void transfer();
            }}
          >
            Transfer ownership
          </Button>
        </div>
      </Dialog>
    </li>
  );
}
