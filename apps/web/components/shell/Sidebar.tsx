'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { TreePage, WorkspaceView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { useMe } from '@/lib/api/account';
import { useCreatePage } from '@/lib/api/pages';
import { useMyInvitations, useWorkspaces } from '@/lib/api/workspaces';
import { useUnreadCount } from '@/lib/api/notifications';
import { useInboxLive } from '@/lib/inbox-live';
import { Menu } from '@/components/ui/Menu';
import { Avatar } from '@/components/ui/Avatar';
import { Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import { PageTree } from './tree/PageTree';
import { FavoritesSection } from './FavoritesSection';
import { useQuickFindOpener } from '@/components/search/QuickFindProvider';
import { CreateWorkspaceDialog } from './CreateWorkspaceDialog';
import { TemplatePicker } from '@/components/templates/TemplatePicker';
import { useLogout } from './useLogout';
import { ImportButton } from '@/components/transfers/ImportButton';
import { CsvImportDialog } from '@/components/database/CsvImportDialog';
import { useTransfers } from '@/components/transfers/TransfersProvider';
import { useFileDrop } from '@/components/transfers/useFileDrop';
import transferStyles from '@/components/transfers/transfers.module.css';
import styles from './shell.module.css';
import ui from '@/components/ui/ui.module.css';
import { Icon, type IconName } from '@/components/ui/Icon';

export function WorkspaceBadge({ name }: { name: string }) {
  return (
    <span className={styles.wsBadge} aria-hidden>
      {(name.trim()[0] ?? 'W').toUpperCase()}
    </span>
  );
}

export function Sidebar({
  workspace,
  pages,
  treeState,
  activePageId,
  id,
  className,
  hidden,
}: {
  workspace: WorkspaceView;
  pages: TreePage[];
  treeState: 'loading' | 'error' | 'ready';
  activePageId: string | null;
  id: string;
  className: string;
  // A closed phone drawer: off screen, so out of the tab order and the accessibility tree too.
  hidden: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const toast = useToast();
  const me = useMe();
  const workspaces = useWorkspaces();
  const invitations = useMyInvitations();
  const createPage = useCreatePage(workspace.id);
  const logout = useLogout();
  const [creatingWorkspace, setCreatingWorkspace] = useState(false);
  const [pickingTemplate, setPickingTemplate] = useState(false);
  const [importingCsv, setImportingCsv] = useState(false);
  const openQuickFind = useQuickFindOpener();
  const invitationCount = invitations.data?.invitations.length ?? 0;
  const unread = useUnreadCount();
  useInboxLive();
  const canCreateRoot = workspace.role !== 'guest';
  const { importFile } = useTransfers();
  // A file dropped on the tree imports at the workspace's top level (guests cannot create there).
  const drop = useFileDrop((file) => importFile(workspace.id, file), canCreateRoot);

  const newRootPage = (kind: 'page' | 'database' = 'page') =>
    createPage.mutate(
      { parentId: null, ...(kind === 'database' ? { kind } : {}) },
      {
        onSuccess: (page) => router.push(`/w/${workspace.id}/p/${page.id}`),
        onError: (err) => toast(`Could not create the page: ${errorMessage(err)}`, 'error'),
      },
    );

  const navLink = (href: string, icon: IconName, label: string, extra?: React.ReactNode) => (
    <Link href={href} className={`${styles.navLink} ${pathname === href ? styles.navLinkActive : ''}`} aria-current={pathname === href ? 'page' : undefined}>
      <span className={styles.navIcon}>
        <Icon name={icon} />
      </span>
      {label}
      {extra}
    </Link>
  );

  return (
    <nav id={id} className={className} aria-label="Workspace" inert={hidden}>
      <Menu
        label={`Workspace: ${workspace.name}. Switch workspace`}
        wrapClassName={styles.switcherWrap}
        triggerClassName={styles.switcher}
        testId="workspace-switcher"
        entries={[
          ...(workspaces.data ?? []).map((w) => ({
            label: w.name,
            icon: w.id === workspace.id ? <Icon name="check" /> : <span style={{ display: 'inline-block', width: 16 }} />,
            onSelect: () => router.push(`/w/${w.id}`),
          })),
          'separator' as const,
          { label: 'Create workspace', icon: <Icon name="plus" />, onSelect: () => setCreatingWorkspace(true), testId: 'create-workspace' },
          { label: 'Invitations', icon: <Icon name="mail" />, onSelect: () => router.push('/invitations') },
        ]}
      >
        <WorkspaceBadge name={workspace.name} />
        <span className={styles.switcherName}>{workspace.name}</span>
        <Icon name="chevronsUpDown" size={14} />
      </Menu>

      <div className={styles.nav}>
        <button type="button" className={styles.navLink} onClick={openQuickFind} data-testid="sidebar-search" aria-keyshortcuts="Control+K Meta+K">
          <span className={styles.navIcon}>
            <Icon name="search" />
          </span>
          Search
          <kbd className={styles.shortcut} aria-hidden>
            Ctrl K
          </kbd>
        </button>
        {navLink(
          `/w/${workspace.id}/inbox`,
          'inbox',
          'Inbox',
          unread ? (
            <span className={styles.count} aria-label={`${unread} unread`} data-testid="inbox-badge">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null,
        )}
        {navLink(`/w/${workspace.id}/settings`, 'settings', 'Settings & members')}
        {navLink(`/w/${workspace.id}/trash`, 'trash', 'Trash')}
        {canCreateRoot ? <ImportButton workspaceId={workspace.id} className={styles.navLink} iconClassName={styles.navIcon} /> : null}
        {invitationCount
          ? navLink(
              '/invitations',
              'mail',
              'Invitations',
              <span className={styles.count} aria-label={`${invitationCount} pending`}>
                {invitationCount}
              </span>,
            )
          : null}
      </div>

      <FavoritesSection workspaceId={workspace.id} activePageId={activePageId} />
      <div className={styles.section}>
        <h2 className={styles.sectionTitle}>Pages</h2>
        {canCreateRoot ? (
          <span className={styles.sectionActions}>
            <button
              type="button"
              className={ui.iconButton}
              aria-label="New page from template"
              title="New page from template"
              aria-haspopup="dialog"
              data-testid="new-page-from-template"
              onClick={() => setPickingTemplate(true)}
            >
              <Icon name="template" />
            </button>
            <button type="button" className={ui.iconButton} aria-label="Import CSV as a database" title="Import CSV as a database" aria-haspopup="dialog" data-testid="import-csv" onClick={() => setImportingCsv(true)}>
              <Icon name="upload" />
            </button>
            <button type="button" className={ui.iconButton} aria-label="New database" title="New database" data-testid="new-database" onClick={() => newRootPage('database')}>
              <Icon name="table" />
            </button>
            <button type="button" className={ui.iconButton} aria-label="New page" title="New page" data-testid="new-page" onClick={() => newRootPage()}>
              <Icon name="plus" />
            </button>
          </span>
        ) : null}
      </div>
      <div className={`${styles.treeScroll} ${drop.over ? transferStyles.dropTarget : ''}`} {...drop.handlers} data-testid="tree-drop">
        {treeState === 'loading' ? (
          <Loading label="Loading pages…" />
        ) : treeState === 'error' ? (
          <p className={styles.treeError} role="alert">
            Pages could not be loaded.
          </p>
        ) : pages.length === 0 ? (
          <p className={styles.emptyTree} data-testid="empty-tree">
            {canCreateRoot ? 'No pages yet. Create the first one with +.' : 'Nothing has been shared with you here yet.'}
          </p>
        ) : (
          <PageTree workspaceId={workspace.id} pages={pages} activePageId={activePageId} />
        )}
      </div>

      <div className={styles.footer}>
        {me.data ? (
          <Menu
            label={`Account: ${me.data.user.name}`}
            up
            wrapClassName={styles.switcherWrap}
            triggerClassName={styles.userButton}
            testId="user-menu"
            entries={[
              { label: 'Account settings', icon: <Icon name="user" />, onSelect: () => router.push('/account') },
              'separator',
              { label: 'Log out', icon: <Icon name="logout" />, onSelect: () => void logout(), testId: 'logout' },
            ]}
          >
            <Avatar id={me.data.user.id} name={me.data.user.name} />
            <span className={styles.userName}>{me.data.user.name}</span>
          </Menu>
        ) : null}
      </div>
      <CreateWorkspaceDialog open={creatingWorkspace} onClose={() => setCreatingWorkspace(false)} />
      {/* Outside the sidebar: at phone width the drawer is inert while closed, and a dialog inside it
          would be too. Mounted only while open (a click happened, so this is the browser). */}
      {canCreateRoot && pickingTemplate
        ? createPortal(
            <TemplatePicker
              workspaceId={workspace.id}
              parentId={null}
              open
              onCancel={() => setPickingTemplate(false)}
              onCreated={(page) => {
                setPickingTemplate(false);
                router.push(`/w/${workspace.id}/p/${page.id}`);
              }}
            />,
            document.body,
          )
        : null}
      {canCreateRoot && importingCsv ? createPortal(<CsvImportDialog workspaceId={workspace.id} onClose={() => setImportingCsv(false)} />, document.body) : null}
    </nav>
  );
}
