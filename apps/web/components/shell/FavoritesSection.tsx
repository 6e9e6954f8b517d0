'use client';

import Link from 'next/link';
import { PageIcon } from '@/components/ui/Icon';
import { useFavorites } from '@/lib/api/navigation';
import styles from './shell.module.css';

// The sidebar's "Favorites": the pages this person starred, in the order they were starred.
export function FavoritesSection({ workspaceId, activePageId }: { workspaceId: string; activePageId: string | null }) {
  const favorites = useFavorites(workspaceId);
  const pages = favorites.data?.pages ?? [];
  if (!pages.length) return null;
  return (
    <div className={styles.favorites} data-testid="favorites">
      <div className={styles.section}>
        <h2 className={styles.sectionTitle}>Favorites</h2>
      </div>
      <ul className={styles.favoriteList}>
        {pages.map((p) => (
          <li key={p.id}>
            <Link
              href={`/w/${workspaceId}/p/${p.id}`}
              className={`${styles.navLink} ${p.id === activePageId ? styles.navLinkActive : ''}`}
              aria-current={p.id === activePageId ? 'page' : undefined}
              data-testid="favorite-link"
            >
              <span className={styles.navIcon}>
                <PageIcon icon={p.icon} />
              </span>
              <span className={styles.favoriteTitle}>{p.title || 'Untitled'}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
