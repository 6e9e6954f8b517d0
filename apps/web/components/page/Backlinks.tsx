'use client';

import Link from 'next/link';
import { PageIcon } from '@/components/ui/Icon';
import { useBacklinks } from '@/lib/api/navigation';
import styles from './page.module.css';

// "Linked from": the pages whose content links here (as the worker last saved them).
export function Backlinks({ workspaceId, pageId }: { workspaceId: string; pageId: string }) {
  const backlinks = useBacklinks(pageId);
  const pages = backlinks.data?.pages ?? [];
  if (!pages.length) return null;
  return (
    <section className={styles.backlinks} aria-labelledby="backlinks-title" data-testid="backlinks">
      <h2 id="backlinks-title" className={styles.backlinksTitle}>
        Linked from {pages.length} {pages.length === 1 ? 'page' : 'pages'}
      </h2>
      <ul>
        {pages.map((p) => (
          <li key={p.id}>
            <Link href={`/w/${workspaceId}/p/${p.id}`} className={styles.backlink}>
              <PageIcon icon={p.icon} />
              <span>{p.title || 'Untitled'}</span>
              {p.path.length ? <span className={styles.backlinkPath}>{p.path.map((a) => a.title || 'Untitled').join(' / ')}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
