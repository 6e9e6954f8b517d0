'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { errorMessage } from '@/lib/api';
import { buildTree } from '@/lib/page-tree';
import { useCreatePage } from '@/lib/api/pages';
import { useWorkspace } from '@/components/shell/AppShell';
import { Button } from '@/components/ui/Button';
import { Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import styles from './page.module.css';
import { Icon, PageIcon } from '@/components/ui/Icon';

export function WorkspaceHome() {
  const { workspace, pages, treeLoaded } = useWorkspace();
  const router = useRouter();
  const toast = useToast();
  const createPage = useCreatePage(workspace.id);
  const roots = buildTree(pages);
  const canCreate = workspace.role !== 'guest';
  const create = () =>
    createPage.mutate(
      { parentId: null },
      {
        onSuccess: (page) => router.push(`/w/${workspace.id}/p/${page.id}`),
        onError: (err) => toast(`Could not create the page: ${errorMessage(err)}`, 'error'),
      },
    );

  return (
    <main className={styles.home} data-testid="workspace-home">
      <h1 className={styles.homeTitle}>{workspace.name}</h1>
      {!treeLoaded ? (
        <Loading label="Loading pages…" />
      ) : roots.length === 0 ? (
        <>
          <p className={styles.muted}>
            {canCreate ? 'This workspace has no pages yet. Start with a first page; nest others inside it as your notes grow.' : 'Nothing has been shared with you in this workspace yet.'}
          </p>
          {canCreate ? (
            <Button variant="primary" onClick={create} data-testid="create-first-page">
              Create the first page
            </Button>
          ) : null}
        </>
      ) : (
        <>
          <p className={styles.muted}>Pick a page, or start a new one.</p>
          <ul className={styles.list}>
            {roots.map(({ page, children }) => (
              <li key={page.id}>
                <PageIcon icon={page.icon} size={18} />
                <div className={styles.listMain}>
                  <Link className={styles.listTitle} href={`/w/${workspace.id}/p/${page.id}`}>
                    {page.title || 'Untitled'}
                  </Link>
                  {children.length ? <span className={styles.listSub}>{children.length === 1 ? '1 page inside' : `${children.length} pages inside`}</span> : null}
                </div>
              </li>
            ))}
          </ul>
          {canCreate ? (
            <p>
              <Button onClick={create}>
                <Icon name="plus" size={14} /> New page
              </Button>
            </p>
          ) : null}
        </>
      )}
    </main>
  );
}
