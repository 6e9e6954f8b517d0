'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  ApiLimits,
  type AssignableWorkspaceRole,
  type InvitationView,
  type MemberView,
  type MembersResponse,
  type WorkspaceView,
} from '@tandem/protocol';
import { ApiRequestError, del, errorMessage, patch, post } from '@/lib/api';
import { keys, useMe, useMembers } from '@/lib/queries';
import { useWorkspace } from '@/components/shell/AppShell';
import { Avatar } from '@/components/ui/Avatar';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field, FormError, uiStyles } from '@/components/ui/Field';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import styles from './settings.module.css';
import { Icon } from '@/components/ui/Icon';

const ASSIGNABLE: AssignableWorkspaceRole[] = ['admin', 'member', 'guest'];
const ROLE_HELP: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin · manages members, sees every page',
  member: 'Member · edits every page',
  guest: 'Guest · sees only pages shared with them',
};

export function WorkspaceSettings() {
  const { workspace } = useWorkspace();
  const me = useMe();
  const members = useMembers(workspace.id);
  const manager = workspace.role === 'owner' || workspace.role === 'admin';
  const myId = me.data?.user.id;

  return (
    <main className={styles.page} data-testid="workspace-settings">
      <h1 className={styles.title}>Settings & members</h1>
      <p className={styles.lead}>
        You are {workspace.role === 'admin' ? 'an' : 'a'} <strong>{workspace.role}</strong> of {workspace.name}.
      </p>
      {manager ? <RenameWorkspace workspace={workspace} /> : null}
      {manager ? <InviteMember workspaceId={workspace.id} /> : null}
      <section className={styles.section} aria-labelledby="members-title">
        <h2 id="members-title" className={styles.sectionTitle}>
          Members
        </h2>
        {members.isPending ? (
          <Loading />
        ) : members.isError ? (
          <ErrorState error={members.error} what="member list" />
        ) : (
          <>
            <ul className={styles.list} data-testid="member-list">
              {members.data.members.map((m) => (
                <MemberRow key={m.userId} workspace={workspace} member={m} isMe={m.userId === myId} />
              ))}
            </ul>
            {manager && members.data.invitations.length ? (
              <>
                <h3 className={styles.sectionTitle} style={{ marginTop: 20, fontSize: 14 }}>
                  Pending invitations
                </h3>
                <ul className={styles.list}>
                  {members.data.invitations.map((inv) => (
                    <PendingInvitation key={inv.id} workspaceId={workspace.id} invitation={inv} />
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </section>
      <LeaveWorkspace workspace={workspace} members={members.data} />
      {workspace.role === 'owner' ? <DeleteWorkspace workspace={workspace} /> : null}
    </main>
  );
}

function RenameWorkspace({ workspace }: { workspace: WorkspaceView }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [error, setError] = useState<string | undefined>();
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '');
    setError(undefined);
    try {
      await patch<WorkspaceView>(`/workspaces/${workspace.id}`, { name });
      await qc.invalidateQueries({ queryKey: keys.workspaces });
      toast('Workspace renamed');
    } catch (err) {
      setError(err instanceof ApiRequestError && err.fields.name ? err.fields.name : errorMessage(err));
    }
  };
  return (
    <section className={styles.section} aria-labelledby="ws-name-title">
      <h2 id="ws-name-title" className={styles.sectionTitle}>
        Name
      </h2>
      <form onSubmit={onSubmit} className={styles.row} noValidate>
        <div className={styles.grow}>
          <Field label="Workspace name" name="name" defaultValue={workspace.name} maxLength={ApiLimits.workspaceNameMax} error={error} />
        </div>
        <Button type="submit">Save</Button>
      </form>
    </section>
  );
}

function InviteMember({ workspaceId }: { workspaceId: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [role, setRole] = useState<AssignableWorkspaceRole>('member');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const email = String(new FormData(form).get('email') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      await post<InvitationView>(`/workspaces/${workspaceId}/invitations`, { email, role });
      form.reset();
      toast(`Invitation sent to ${email.trim().toLowerCase()}`);
      await qc.invalidateQueries({ queryKey: keys.members(workspaceId) });
    } catch (err) {
      setError(err instanceof ApiRequestError && err.fields.email ? err.fields.email : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className={styles.section} aria-labelledby="invite-title">
      <h2 id="invite-title" className={styles.sectionTitle}>
        Invite people
      </h2>
      <p className={styles.sectionText}>They join when they accept, from their invitations list or when they next log in.</p>
      <form onSubmit={onSubmit} className={styles.row} noValidate>
        <div className={styles.grow}>
          <Field label="Email" name="email" type="email" placeholder="name@example.com" error={error} />
        </div>
        <select className={uiStyles.select} style={{ height: 36 }} aria-label="Role for the invited person" value={role} onChange={(e) => setRole(e.target.value as AssignableWorkspaceRole)}>
          {ASSIGNABLE.map((r) => (
            <option key={r} value={r}>
              {r[0]!.toUpperCase() + r.slice(1)}
            </option>
          ))}
        </select>
        <Button type="submit" variant="primary" disabled={busy} style={{ height: 36 }}>
          Invite
        </Button>
      </form>
    </section>
  );
}

function MemberRow({ workspace, member, isMe }: { workspace: WorkspaceView; member: MemberView; isMe: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [transferring, setTransferring] = useState(false);
  const canManage =
    !isMe && member.role !== 'owner' && (workspace.role === 'owner' || (workspace.role === 'admin' && member.role !== 'admin'));
  const refresh = () => qc.invalidateQueries({ queryKey: keys.members(workspace.id) });

  const changeRole = async (role: AssignableWorkspaceRole) => {
    try {
      await patch<MemberView>(`/workspaces/${workspace.id}/members/${member.userId}`, { role });
      toast(`${member.name} is now ${role === 'admin' ? 'an' : 'a'} ${role}`);
    } catch (err) {
      toast(`Could not change the role: ${errorMessage(err)}`, 'error');
    }
    await refresh();
  };
  const remove = async () => {
    try {
      await del(`/workspaces/${workspace.id}/members/${member.userId}`);
      toast(`${member.name} was removed from the workspace`);
    } catch (err) {
      toast(`Could not remove ${member.name}: ${errorMessage(err)}`, 'error');
    }
    await refresh();
  };
  const transfer = async () => {
    setTransferring(false);
    try {
      const res = await post<MembersResponse>(`/workspaces/${workspace.id}/transfer`, { userId: member.userId });
      qc.setQueryData(keys.members(workspace.id), res);
      await qc.invalidateQueries({ queryKey: keys.workspaces });
      toast(`${member.name} now owns ${workspace.name}`);
    } catch (err) {
      toast(`Could not transfer ownership: ${errorMessage(err)}`, 'error');
    }
  };

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
                {r[0]!.toUpperCase() + r.slice(1)}
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
          <Button variant="danger" onClick={() => void transfer()}>
            Transfer ownership
          </Button>
        </div>
      </Dialog>
    </li>
  );
}

function PendingInvitation({ workspaceId, invitation }: { workspaceId: string; invitation: InvitationView }) {
  const qc = useQueryClient();
  const toast = useToast();
  const revoke = async () => {
    try {
      await del(`/workspaces/${workspaceId}/invitations/${invitation.id}`);
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

function LeaveWorkspace({ workspace, members }: { workspace: WorkspaceView; members?: MembersResponse }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const exitWorkspace = useExitWorkspace(workspace.id, () => setConfirming(false), setError);
  // The server refuses to let the last owner leave: the workspace would have nobody in charge.
  const soleOwner = workspace.role === 'owner' && (members?.members.filter((m) => m.role === 'owner').length ?? 1) <= 1;
  const leave = () => exitWorkspace(() => post<void>(`/workspaces/${workspace.id}/leave`));
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

// Leaving and deleting end the same way: forget the workspace's cached data and go back to /w.
// Returns a runner for the request; a failure is shown through setError.
function useExitWorkspace(workspaceId: string, onDone: () => void, setError: (message: string | null) => void) {
  const router = useRouter();
  const qc = useQueryClient();
  return async (request: () => Promise<void>) => {
    setError(null);
    try {
      await request();
      onDone();
      qc.removeQueries({ queryKey: ['workspaces', workspaceId] });
      localStorage.removeItem('tandem:last-workspace');
      await qc.invalidateQueries({ queryKey: keys.workspaces });
      router.replace('/w');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
}

function DeleteWorkspace({ workspace }: { workspace: WorkspaceView }) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const exitWorkspace = useExitWorkspace(workspace.id, () => setConfirming(false), setError);
  const remove = () => exitWorkspace(() => del<void>(`/workspaces/${workspace.id}`));
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
