'use client';

import { useParams } from 'next/navigation';
import { useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useDeletePageForever, useRestorePage, useTrash } from '@/lib/api/pages';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import styles from './page.module.css';
import { PageIcon } from '@/components/ui/Icon';

export function TrashScreen() {
  const { workspaceId } = useParams<{ workspaceId: string }>();
  const trash = useTrash(workspaceId);
  const restore = useRestorePage(workspaceId);
  const deleteForever = useDeletePageForever(workspaceId);
  const toast = useToast();
  const [confirm, setConfirm] = useState<{ id: string; title: string } | null>(null);

  return (
    <main className={styles.home} data-testid="trash">
      <h1 className={styles.homeTitle}>Trash</h1>
      <p className={styles.muted}>Pages moved to the trash, with the pages inside them. Restore puts them back where they were.</p>
      {trash.isPending ? (
        <Loading />
      ) : trash.isError ? (
        <ErrorState error={trash.error} what="trash" />
      ) : trash.data.pages.length === 0 ? (
        <p className={styles.muted} data-testid="trash-empty">
          The trash is empty.
        </p>
      ) : (
        <ul className={styles.list}>
          {trash.data.pages.map((page) => (
            <li key={page.id} data-testid="trash-row">
              <PageIcon icon={page.icon} size={18} />
              <div className={styles.listMain}>
                <span className={styles.listTitle}>{page.title || 'Untitled'}</span>
                <span className={styles.listSub}>
                  Trashed {new Date(page.deletedAt).toLocaleString()}
                  {page.descendantCount ? ` · with ${page.descendantCount} page${page.descendantCount === 1 ? '' : 's'} inside` : ''}
                </span>
              </div>
              <Button
                size="small"
                onClick={() =>
                  restore.mutate(page.id, {
                    onSuccess: () => toast(`“${page.title || 'Untitled'}” restored`),
                    onError: (err) => toast(`Could not restore: ${errorMessage(err)}`, 'error'),
                  })
                }
              >
                Restore
              </Button>
              <Button size="small" variant="danger" onClick={() => setConfirm({ id: page.id, title: page.title || 'Untitled' })}>
                Delete forever
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Dialog open={confirm !== null} onClose={() => setConfirm(null)} title="Delete forever?">
        <p>
          “{confirm?.title}” and every page inside it will be deleted for good. This cannot be undone.
        </p>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <Button onClick={() => setConfirm(null)}>Cancel</Button>
          <Button
            variant="danger"
            onClick={() => {
              if (confirm) deleteForever.mutate(confirm.id, { onError: (err) => toast(`Could not delete: ${errorMessage(err)}`, 'error') });
              setConfirm(null);
            }}
          >
            Delete forever
          </Button>
        </div>
      </Dialog>
    </main>
  );
}
