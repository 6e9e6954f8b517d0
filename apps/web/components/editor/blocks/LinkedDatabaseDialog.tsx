'use client';

import { useMemo, useState } from 'react';
import type { DatabaseBlockAttributes } from '@tandem/editor';
import { usePageTree } from '@/lib/api/pages';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field } from '@/components/ui/Field';
import styles from './blocks.module.css';

// Picks a database for "Linked view of database": the workspace's databases this person can read
// (the tree the server lists for them), searched by title.
export function LinkedDatabaseDialog({ workspaceId, open, onDone }: { workspaceId: string; open: boolean; onDone: (target: DatabaseBlockAttributes | null) => void }) {
  const tree = usePageTree(workspaceId);
  const [query, setQuery] = useState('');
  const databases = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (tree.data?.pages ?? [])
      .filter((page) => page.kind === 'database')
      .filter((page) => !q || (page.title || 'Untitled').toLowerCase().includes(q))
      .slice(0, 50);
  }, [tree.data, query]);
  const done = (target: DatabaseBlockAttributes | null) => {
    setQuery('');
    onDone(target);
  };
  return (
    <Dialog open={open} onClose={() => done(null)} title="Linked view of database">
      <Field label="Find a database" value={query} autoFocus placeholder="Database title" onChange={(event) => setQuery(event.target.value)} />
      <ul className={styles.pagePicker} data-testid="database-picker">
        {databases.map((page) => (
          <li key={page.id}>
            <button type="button" onClick={() => done({ databaseId: page.id, workspaceId, viewId: null, title: page.title })}>
              <span aria-hidden>{page.icon ?? '▦'}</span> {page.title || 'Untitled'}
            </button>
          </li>
        ))}
        {databases.length === 0 ? <li className={styles.tocEmpty}>{tree.isPending ? 'Loading databases…' : 'No database matches.'}</li> : null}
      </ul>
      <div className={styles.dialogActions}>
        <Button onClick={() => done(null)}>Cancel</Button>
      </div>
    </Dialog>
  );
}
