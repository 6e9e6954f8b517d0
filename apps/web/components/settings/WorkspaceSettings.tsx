'use client';

import { useMe } from '@/lib/api/account';
import { useMembers } from '@/lib/api/workspaces';
import { useWorkspace } from '@/components/shell/AppShell';
import { ErrorState, Loading } from '@/components/ui/States';
import styles from './settings.module.css';
import { AuditLog } from './workspace/AuditLog';
import { DeleteWorkspace } from './workspace/DeleteWorkspace';
import { InviteMember } from './workspace/InviteMember';
import { LeaveWorkspace } from './workspace/LeaveWorkspace';
import { MemberRow } from './workspace/MemberRow';
import { PendingInvitation } from './workspace/PendingInvitation';
import { RenameWorkspace } from './workspace/RenameWorkspace';
import { CommentsOnLinks } from './workspace/CommentsOnLinks';

// The workspace's settings page: each section is its own component in ./workspace/.
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
      {manager ? <CommentsOnLinks workspace={workspace} /> : null}
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
      {manager ? <AuditLog workspace={workspace} /> : null}
      <LeaveWorkspace workspace={workspace} members={members.data} />
      {workspace.role === 'owner' ? <DeleteWorkspace workspace={workspace} /> : null}
    </main>
  );
}
