'use client';

import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { roleAtLeast, type UpdatePageBody } from '@tandem/protocol';
import { errorMessage, isDefinitive } from '@/lib/api';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '@/lib/api/keys';
import { usePage, useRestorePage, useUpdatePage } from '@/lib/api/pages';
import { useDuplicate } from './useDuplicate';
import { Button } from '@/components/ui/Button';
import { IconPicker } from '@/components/ui/IconPicker';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import { Breadcrumbs } from './Breadcrumbs';
import { EditorSlot } from './EditorSlot';
import { RowHeader } from '@/components/database/RowHeader';
import { PageTitle } from './PageTitle';
import { ShareDialog } from './ShareDialog';
import { HistoryPanel } from '@/components/history/HistoryPanel';
import { CommentsProvider, useComments, useCommentShortcut } from '@/components/comments/CommentsContext';
import { CommentsArticle, CommentsButton, CommentsSheet } from '@/components/comments/CommentsChrome';
import { useRevealFromUrl } from '@/components/comments/useRevealFromUrl';
import { FavoriteButton } from './FavoriteButton';
import { Backlinks } from './Backlinks';
import { recordVisit } from '@/lib/api/navigation';
import { openRowPage, prefetchIfDatabase } from '@/lib/api/databases';
import styles from './page.module.css';
import { Icon } from '@/components/ui/Icon';
import { PageOptions } from './PageOptions';
import templateStyles from '@/components/templates/templates.module.css';
import { ExportDialog } from '@/components/transfers/ExportDialog';
import { CsvImportDialog } from '@/components/database/CsvImportDialog';
import { useWorkspace } from '@/components/shell/AppShell';
import ui from '@/components/ui/ui.module.css';
import { CoverPicker, PageCover } from './PageCover';

const ROLE_BADGE = { viewer: 'View only', commenter: 'Can comment', editor: null, full_access: null } as const;

export function PageScreen() {
  const { workspaceId, pageId } = useParams<{ workspaceId: string; pageId: string }>();
  const detail = usePage(pageId);
  const update = useUpdatePage(workspaceId);
  const copies = useDuplicate(workspaceId);
  const toast = useToast();
  const [sharing, setSharing] = useState(false);
  const [history, setHistory] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [importingCsv, setImportingCsv] = useState(false);
  const { workspace } = useWorkspace();
  const toggleHistory = useCallback(() => setHistory((open) => !open), []);
  useHistoryShortcut(toggleHistory);
  const title = detail.data?.page.title;
  const qc = useQueryClient();
  const router = useRouter();
  // A row opens as its page, which the server makes on demand (the worker may not have yet).
  const openRow = useCallback(
    (rowId: string) =>
      void openRowPage(pageId, rowId).then(
        () => router.push(`/w/${workspaceId}/p/${rowId}`),
        (err: unknown) => toast(`Could not open the row: ${errorMessage(err)}`, 'error'),
      ),
    [router, workspaceId, pageId, toast],
  );
  // A link, a search result or the address bar: the preview of a database starts with the page.
  useEffect(() => prefetchIfDatabase(qc, workspaceId, pageId), [qc, workspaceId, pageId]);
  // Opening a page puts it first in "recent pages" (once per page shown, not per refetch).
  const opened = detail.data?.page.id;
  useEffect(() => {
    if (!opened) return;
    void recordVisit(opened).then(() => qc.invalidateQueries({ queryKey: keys.recent(workspaceId) }));
  }, [opened, workspaceId, qc]);
  // The tab and the history list name the page.
  useEffect(() => {
    if (title === undefined) return;
    document.title = `${title || 'Untitled'} · Tandem`;
  }, [title]);

  if (detail.isPending) return <Loading label="Opening the page…" />;
  // Server down or offline with the page already open: keep it, the editor works on its own copy.
  // Gone or no longer shared: say so.
  if (!detail.data || (detail.isError && isDefinitive(detail.error))) {
    return <ErrorState error={detail.error} actions={<Link href={`/w/${workspaceId}`}>Back to the workspace</Link>} />;
  }
  const { page, role } = detail.data;
  const canEdit = roleAtLeast(role, 'editor') && !page.deletedAt;
  // A locked page reads as read-only for editors too, until one unlocks it.
  const editable = canEdit && !page.locked;
  const save = (change: UpdatePageBody) => update.mutate({ pageId, ...change }, { onError: (err) => toast(`Could not save: ${errorMessage(err)}`, 'error') });
  const database = page.kind === 'database';
  // A database is wide by default (columns need room); full width still takes the whole window.
  const layout = `${styles.doc} ${page.fullWidth ? styles.fullWidth : database ? styles.wide : ''} ${page.smallText ? styles.smallText : ''}`;
  const badge = ROLE_BADGE[role];

  return (
    <CommentsProvider key={page.id} pageId={page.id} workspaceId={workspaceId} canComment={roleAtLeast(role, 'commenter') && !page.deletedAt}>
      <PageLayout>
        <main aria-label={page.title || 'Untitled'} data-testid="page-screen">
          <header className={styles.header}>
            <Breadcrumbs workspaceId={workspaceId} detail={detail.data} />
            <div className={styles.headerActions}>
              {page.locked ? (
                <button
                  type="button"
                  className={styles.lockBadge}
                  disabled={!canEdit}
                  onClick={() => save({ locked: false })}
                  title={canEdit ? 'Unlock to edit' : 'An editor locked this page'}
                  data-testid="lock-badge"
                >
                  <Icon name="lock" size={12} /> {canEdit ? 'Locked · Unlock' : 'Locked'}
                </button>
              ) : null}
              {page.template ? (
                <span className={templateStyles.marker} title="This page is one of the workspace’s templates" data-testid="template-marker">
                  <Icon name="template" size={12} /> Template
                </span>
              ) : null}
              {badge ? (
                <span className={styles.badge} data-testid="role-badge">
                  {badge}
                </span>
              ) : null}
              <CommentsButton />
              <Button
                size="small"
                variant="ghost"
                onClick={toggleHistory}
                aria-pressed={history}
                title={`Version history (${HISTORY_SHORTCUT})`}
                data-testid="history-button"
              >
                <Icon name="history" size={14} /> History
              </Button>
              {page.deletedAt ? null : <FavoriteButton workspaceId={workspaceId} page={{ id: page.id, title: page.title, icon: page.icon, path: detail.data.ancestors }} />}
              {roleAtLeast(role, 'full_access') ? (
                <Button size="small" variant="ghost" onClick={() => setSharing(true)} data-testid="share-button">
                  Share
                </Button>
              ) : null}
            </div>
          </header>
          {page.deletedAt ? <TrashedBanner workspaceId={workspaceId} pageId={page.id} canRestore={roleAtLeast(role, 'full_access')} /> : null}
          <PageCover page={page} editable={editable} onChange={save} />
          <CommentsArticle className={layout}>
            {editable && (!page.cover || !page.icon) ? (
              <div className={styles.docActions}>
                {page.icon ? null : (
                  <IconPicker icon={null} label="Add icon" onChange={(icon) => save({ icon })} triggerClassName={styles.addIcon}>
                    <Icon name="smile" size={14} /> Add icon
                  </IconPicker>
                )}
                {page.cover ? null : (
                  <CoverPicker pageId={page.id} label="Add cover" onPick={(cover) => save({ cover, coverPosition: 50 })} triggerClassName={styles.addIcon}>
                    <Icon name="image" size={14} /> Add cover
                  </CoverPicker>
                )}
              </div>
            ) : null}
            {page.icon ? (
              <IconPicker icon={page.icon} label="Change icon" onChange={(icon) => save({ icon })} triggerClassName={styles.bigIcon} disabled={!editable}>
                <span aria-hidden>{page.icon}</span>
              </IconPicker>
            ) : null}
            {page.kind === 'row' && page.parentId ? (
              // A row's title is its title cell in the database, shown with its other properties.
              <RowHeader key={page.id} databaseId={page.parentId} rowId={page.id} role={role} workspaceId={workspaceId} pageTitle={page.title} editable={editable} />
            ) : (
              <PageTitle key={page.id} title={page.title} readOnly={!editable} onSave={(title) => save({ title })} />
            )}
            <EditorSlot
              pageId={page.id}
              role={role}
              workspaceId={workspaceId}
              locked={page.locked}
              database={database ? { openRow } : undefined}
              menu={
                // One column for the page's own items, so they line up whichever of them show.
                <div className={styles.pageMenu}>
                  {canEdit ? (
                    <PageOptions
                      page={page}
                      onChange={save}
                      onDuplicate={(subtree) => copies.duplicate(page.id, subtree)}
                      duplicating={copies.pending}
                      onImportCsv={() => setImportingCsv(true)}
                    />
                  ) : null}
                  {page.deletedAt ? null : (
                    <>
                      <button type="button" className={ui.menuItem} onClick={() => setExporting(true)} data-testid="export-page">
                        <Icon name="download" size={14} /> Export…
                      </button>
                      <div className={ui.menuSeparator} />
                    </>
                  )}
                </div>
              }
            />
            <Backlinks workspaceId={workspaceId} pageId={page.id} />
          </CommentsArticle>
          <ShareDialog pageId={page.id} open={sharing} onClose={() => setSharing(false)} />
          {/* The new database goes under this page; the dialog opens it once imported. */}
          {canEdit && importingCsv ? <CsvImportDialog workspaceId={workspaceId} parentId={page.id} onClose={() => setImportingCsv(false)} /> : null}
          <ExportDialog open={exporting} onClose={() => setExporting(false)} workspaceId={workspaceId} page={page} canExportWorkspace={workspace.role === 'owner' || workspace.role === 'admin'} />
          {history ? <HistoryPanel key={page.id} pageId={page.id} workspaceId={workspaceId} database={database} canEdit={editable && !page.deletedAt} onClose={() => setHistory(false)} /> : null}
          <CommentsSheet canModerate={canEdit} />
        </main>
      </PageLayout>
    </CommentsProvider>
  );
}

// The page's shortcut for commenting (Ctrl/Cmd+Alt+M) and the thread an inbox link reveals,
// inside its comments' provider.
function PageLayout({ children }: { children: React.ReactNode }) {
  const comments = useComments();
  useCommentShortcut(comments);
  useRevealFromUrl(comments);
  return <>{children}</>;
}


const HISTORY_SHORTCUT = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘⌥H' : 'Ctrl+Alt+H';

// Ctrl/Cmd+Alt+H opens and closes the history. `code`, not `key`: Alt changes the character typed
// (on a Mac, Option+H is "˙").
function useHistoryShortcut(toggle: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === 'KeyH') {
        event.preventDefault();
        toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);
}

// Someone trashed the page while it was open (or the link led here): say so, offer the way back.
function TrashedBanner({ workspaceId, pageId, canRestore }: { workspaceId: string; pageId: string; canRestore: boolean }) {
  const restore = useRestorePage(workspaceId);
  const qc = useQueryClient();
  const toast = useToast();
  return (
    <div className={styles.trashedBanner} role="status" data-testid="trashed-banner">
      <span>This page is in the trash.</span>
      {canRestore ? (
        <Button
          size="small"
          disabled={restore.isPending}
          onClick={() =>
            restore.mutate(pageId, {
              onSuccess: () => void qc.invalidateQueries({ queryKey: keys.page(pageId) }),
              onError: (err) => toast(`Could not restore: ${errorMessage(err)}`, 'error'),
            })
          }
        >
          Restore page
        </Button>
      ) : null}
    </div>
  );
}
