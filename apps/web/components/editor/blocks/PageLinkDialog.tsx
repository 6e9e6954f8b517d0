'use client';

import { useMemo, useState } from 'react';
import type { PageLinkAttributes } from '@tandem/editor';
import { usePageTree } from '@/lib/api/pages';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field } from '@/components/ui/Field';
import styles from './blocks.module.css';

// Picks a page of the workspace for a "Link to page" block, from the tree the sidebar already loaded.
export function PageLinkDialog({
  workspaceId,
  currentPageId,
  open,
  onDone,
}: {
  workspaceId: string;
  currentPageId: string;
  open: boolean;
  onDone: (target: PageLinkAttributes | null) => void;
}) {
  const tree = usePageTree(workspaceId);
  const [query, setQuery] = useState('');
  const pages = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (tree.data?.pages ?? [])
      .filter((page) => page.id !== currentPageId)
      .filter((page) => !q || (page.title || 'Untitled').toLowerCase().includes(q))
      .slice(0, 50);
  }, [tree.data, query, currentPageId]);
  const done = (target: PageLinkAttributes | null) => {
    setQuery('');
    onDone(target);
  };
  return (
    <Dialog open={open} onClose={() => done(null)} title="Link to page">
      <Field label="Find a page" value={query} autoFocus placeholder="Page title" onChange={(event) => setQuery(event.target.value)} />
      <ul className={styles.pagePicker} data-testid="page-link-picker">
        {pages.map((page) => (
          <li key={page.id}>
            <button type="button" onClick={() => done({ pageId: page.id, workspaceId, title: page.title })}>
              <span aria-hidden>{page.icon ?? '📄'}</span> {page.title || 'Untitled'}
            </button>
          </li>
        ))}
        {pages.length === 0 ? <li className={styles.tocEmpty}>{tree.isPending ? 'Loading pages…' : 'No page matches.'}</li> : null}
      </ul>
      <div className={styles.dialogActions}>
        <Button onClick={() => done(null)}>Cancel</Button>
      </div>
    </Dialog>
  );
}
