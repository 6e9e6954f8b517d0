'use client';

import type { NavPage } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { useFavorites, useToggleFavorite } from '@/lib/api/navigation';
import { IconButton } from '@/components/ui/Button';
import { Icon } from '@/components/ui/Icon';
import { useToast } from '@/components/ui/Toast';
import styles from './page.module.css';

// The star in the page header: adds the page to (or removes it from) the sidebar's Favorites.
export function FavoriteButton({ workspaceId, page }: { workspaceId: string; page: NavPage }) {
  const favorites = useFavorites(workspaceId);
  const toggle = useToggleFavorite(workspaceId);
  const toast = useToast();
  const starred = favorites.data?.pages.some((p) => p.id === page.id) ?? false;
  return (
    <IconButton
      label={starred ? 'Remove from favorites' : 'Add to favorites'}
      aria-pressed={starred}
      className={starred ? styles.starred : undefined}
      disabled={!favorites.data}
      onClick={() => toggle.mutate({ page, starred: !starred }, { onError: (err) => toast(`Could not update favorites: ${errorMessage(err)}`, 'error') })}
      data-testid="favorite-button"
    >
      <Icon name="star" className={starred ? styles.starFilled : undefined} />
    </IconButton>
  );
}
