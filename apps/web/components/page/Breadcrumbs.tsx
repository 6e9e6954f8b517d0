import Link from 'next/link';
import type { PageDetailResponse } from '@tandem/protocol';
import styles from './page.module.css';

export function Breadcrumbs({ workspaceId, detail }: { workspaceId: string; detail: PageDetailResponse }) {
  return (
    <nav aria-label="Breadcrumbs" className={styles.crumbs}>
      <ol>
        {detail.ancestors.map((a) => (
          <li key={a.id}>
            <Link className={styles.crumb} href={`/w/${workspaceId}/p/${a.id}`}>
              {a.icon ? <span aria-hidden>{a.icon}</span> : null}
              <span className={styles.crumbText}>{a.title || 'Untitled'}</span>
            </Link>
          </li>
        ))}
        <li>
          <span className={`${styles.crumb} ${styles.crumbCurrent}`} aria-current="page">
            {detail.page.icon ? <span aria-hidden>{detail.page.icon}</span> : null}
            <span className={styles.crumbText}>{detail.page.title || 'Untitled'}</span>
          </span>
        </li>
      </ol>
    </nav>
  );
}
