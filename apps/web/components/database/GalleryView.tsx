'use client';

import { useMemo } from 'react';
import { type FilterScope, type Property, PropertyType, type Row, type View } from '@tandem/database';
import { useDatabaseCovers } from '@/lib/api/databases';
import { Icon } from '@/components/ui/Icon';
import { CardFields } from './CardFields';
import { useDatabase } from './DatabaseContext';
import styles from './database.module.css';

// Cards are drawn whole, like the list: a gallery is for looking through some hundreds of rows.
const GALLERY_LIMIT = 500;

// The gallery layout: a responsive grid of cards, each the row's title and its filled visible
// properties, under the row page's first image when the view asks for covers. A click opens the
// row's page; the last card adds a row.
export function GalleryView({ view, rows, columns, scope, onNew }: { view: View; rows: Row[]; columns: Property[]; scope: FilterScope; onNew: () => void }) {
  const { editable, openRow, databaseId, workspaceId } = useDatabase();
  const title = columns.find((p) => p.type === PropertyType.Title) ?? scope.schema.properties[0]!;
  const shown = columns.filter((p) => p.id !== title.id);
  const size = view.cardSize ?? 'medium';
  const withCover = view.cardCover === 'page_image';
  // A public link's reader has no session for the API, and sees cards without covers.
  const coverQuery = useDatabaseCovers(databaseId, withCover && workspaceId !== undefined);
  const covers = useMemo(() => new Map((coverQuery.data?.covers ?? []).map((c) => [c.rowId, c.url])), [coverQuery.data]);
  return (
    <div className={styles.galleryWrap}>
      <div className={`${styles.gallery} ${styles[`gallery_${size}`]}`} data-testid="database-gallery" data-card-size={size}>
        {rows.slice(0, GALLERY_LIMIT).map((row) => {
          const cover = withCover ? covers.get(row.id) : undefined;
          return (
            <article
              key={row.id}
              className={styles.galleryCard}
              tabIndex={0}
              role="link"
              onClick={() => openRow?.(row.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') openRow?.(row.id);
              }}
              data-testid="gallery-card"
              data-row-id={row.id}
            >
              {withCover ? (
                <div className={styles.galleryCover} data-testid="gallery-cover">
                  {cover ? <img src={cover} alt="" loading="lazy" draggable={false} /> : null}
                </div>
              ) : null}
              <div className={styles.galleryBody}>
                <CardFields title={title} shown={shown} row={row} scope={scope} />
              </div>
            </article>
          );
        })}
        {editable ? (
          <button type="button" className={`${styles.galleryCard} ${styles.galleryNew}`} onClick={onNew} data-testid="gallery-new">
            <Icon name="plus" size={16} /> New
          </button>
        ) : null}
      </div>
      {rows.length > GALLERY_LIMIT ? <p className={styles.empty}>Showing the first {GALLERY_LIMIT.toLocaleString()} of {rows.length.toLocaleString()} rows: search or filter to narrow it.</p> : null}
      {rows.length === 0 && !editable ? <p className={styles.empty}>No rows.</p> : null}
    </div>
  );
}
