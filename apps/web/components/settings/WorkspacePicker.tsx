'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useWorkspaces } from '@/lib/api/workspaces';
import { Button } from '@/components/ui/Button';
import { ErrorState, Loading } from '@/components/ui/States';
import { CreateWorkspaceForm } from '@/components/shell/CreateWorkspaceDialog';
import { WorkspaceBadge } from '@/components/shell/Sidebar';
import { StandalonePage } from './StandalonePage';
import { InvitationList } from './InvitationsScreen';
import styles from './settings.module.css';

// /w: straight into the last workspace used; with none, create one or accept an invitation.
export function WorkspacePicker() {
  return (
    <StandalonePage back={false}>
      <Picker />
    </StandalonePage>
  );
}

function Picker() {
  const workspaces = useWorkspaces();
  const router = useRouter();
  const list = workspaces.data;
  const last = typeof window === 'undefined' ? null : localStorage.getItem('tandem:last-workspace');
  const target = list?.find((w) => w.id === last) ?? (list?.length === 1 ? list[0] : undefined);
  useEffect(() => {
    if (target) router.replace(`/w/${target.id}`);
  }, [target, router]);

  if (workspaces.isPending || target) return <Loading />;
  if (workspaces.isError) return <ErrorState error={workspaces.error} what="workspace list" actions={<Button onClick={() => void workspaces.refetch()}>Try again</Button>} />;
  return (
    <main className={styles.page} data-testid="workspace-picker">
      <h1 className={styles.title}>{list?.length ? 'Your workspaces' : 'Welcome to Tandem'}</h1>
      <p className={styles.lead}>{list?.length ? 'Pick one to open.' : 'A workspace holds your pages and the people you write them with.'}</p>
      {list?.length ? (
        <div className={styles.cards}>
          {list.map((w) => (
            <Link key={w.id} href={`/w/${w.id}`} className={styles.card}>
              <WorkspaceBadge name={w.name} />
              {w.name}
            </Link>
          ))}
        </div>
      ) : null}
      <InvitationList compact />
      <section className={styles.section}>
        <h2 className={styles.sectionTitle}>Create a workspace</h2>
        <p className={styles.sectionText}>You will be its owner and can invite others.</p>
        <div className={styles.form}>
          <CreateWorkspaceForm />
        </div>
      </section>
    </main>
  );
}
