'use client';

import Link from 'next/link';
import { useParams, usePathname } from 'next/navigation';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { TreePage, WorkspaceView } from '@tandem/protocol';
import { usePageTree } from '@/lib/api/pages';
import { useWorkspaces } from '@/lib/api/workspaces';
import { useWorkspaceLive } from '@/lib/workspace-live';
import { ErrorState, Loading, StateMessage } from '@/components/ui/States';
import { Button, IconButton } from '@/components/ui/Button';
import { RequireAuth } from './RequireAuth';
import { QuickFindButton, QuickFindProvider } from '@/components/search/QuickFindProvider';
import { TransfersProvider } from '@/components/transfers/TransfersProvider';
import ui from '@/components/ui/ui.module.css';
import { ShortcutsHelp } from './ShortcutsHelp';
import { Sidebar } from './Sidebar';
import styles from './shell.module.css';
import { Icon } from '@/components/ui/Icon';

interface WorkspaceContextValue {
  workspace: WorkspaceView;
  pages: TreePage[];
  treeLoaded: boolean;
}

const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

// The workspace and its page tree, for screens inside the shell (breadcrumbs, empty states).
export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace() is only available inside <AppShell>.');
  return value;
}

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <RequireAuth>
      <WorkspaceShell>{children}</WorkspaceShell>
    </RequireAuth>
  );
}

// Matches the CSS breakpoint where the sidebar becomes a drawer.
function usePhoneLayout(): boolean {
  const [phone, setPhone] = useState(false);
  useEffect(() => {
    const query = window.matchMedia('(max-width: 760px)');
    setPhone(query.matches);
    const onChange = () => setPhone(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return phone;
}

function WorkspaceShell({ children }: { children: ReactNode }) {
  const params = useParams<{ workspaceId: string; pageId?: string }>();
  const workspaceId = params.workspaceId;
  const pathname = usePathname();
  const workspaces = useWorkspaces();
  const live = useWorkspaceLive(workspaceId);
  const tree = usePageTree(workspaceId, live);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const phone = usePhoneLayout();
  // The phone drawer closes once the reader has picked where to go, or on Escape.
  useEffect(() => setDrawerOpen(false), [pathname]);
  useEffect(() => {
    if (!drawerOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDrawerOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.getElementById('sidebar')?.querySelector<HTMLElement>('button, a')?.focus();
    return () => document.removeEventListener('keydown', onKey);
  }, [drawerOpen]);
  useEffect(() => {
    if (workspaceId) localStorage.setItem('tandem:last-workspace', workspaceId);
  }, [workspaceId]);

  // Only a first load that failed replaces the screen; a failed refresh keeps what is shown.
  if (!workspaces.data) {
    if (workspaces.isPending) return <Loading />;
    return <ErrorState error={workspaces.error} what="workspace" actions={<Button onClick={() => void workspaces.refetch()}>Try again</Button>} />;
  }
  const workspace = workspaces.data.find((w) => w.id === workspaceId);
  if (!workspace) {
    return (
      <StateMessage icon="search" title="This workspace does not exist" testId="state-not-found" actions={<Link href="/w">Go to your workspaces</Link>}>
        It may have been deleted, or you are not a member of it.
      </StateMessage>
    );
  }
  const pages = tree.data?.pages ?? [];
  const treeState = tree.isPending ? 'loading' : tree.isError && !tree.data ? 'error' : 'ready';

  return (
    <WorkspaceContext.Provider value={{ workspace, pages, treeLoaded: treeState === 'ready' }}>
      <QuickFindProvider workspaceId={workspace.id}>
      <TransfersProvider>
      <div className={styles.shell}>
        <Sidebar
          id="sidebar"
          className={`${styles.sidebar} ${drawerOpen ? styles.sidebarOpen : ''}`}
          workspace={workspace}
          pages={pages}
          treeState={treeState}
          activePageId={params.pageId ?? null}
          hidden={phone && !drawerOpen}
        />
        <div className={drawerOpen ? styles.backdropOpen : styles.backdrop} onClick={() => setDrawerOpen(false)} aria-hidden />
        <div className={styles.main}>
          <header className={styles.topbar}>
            <IconButton label="Open sidebar" aria-controls="sidebar" aria-expanded={drawerOpen} data-testid="open-sidebar" onClick={() => setDrawerOpen(true)}>
              <Icon name="menu" size={18} />
            </IconButton>
            <span className={styles.topbarTitle}>{workspace.name}</span>
            <QuickFindButton className={`${ui.iconButton} ${styles.topbarSearch}`} />
          </header>
          {children}
        </div>
      </div>
      <ShortcutsHelp />
      </TransfersProvider>
      </QuickFindProvider>
    </WorkspaceContext.Provider>
  );
}
