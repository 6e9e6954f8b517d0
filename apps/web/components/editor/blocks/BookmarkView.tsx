'use client';

import { useState } from 'react';
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { type BookmarkAttributes, bookmarkHost, isHttpUrl } from '@tandem/editor';
import styles from './blocks.module.css';

// A bookmark card: what the server read from the page when the card was made. It opens the page in
// a new tab (inside an editable document the browser would not follow the link by itself).
export function BookmarkView({ node, selected }: ReactNodeViewProps) {
  const { url, title, description, icon, siteName } = node.attrs as BookmarkAttributes;
  const [iconFailed, setIconFailed] = useState(false);
  const href = isHttpUrl(url) ? url : undefined;
  const host = bookmarkHost(url);
  return (
    <NodeViewWrapper className={`${styles.bookmark} ${selected ? styles.bookmarkSelected : ''}`} data-testid="bookmark" data-bookmark="" contentEditable={false}>
      <a
        href={href}
        target="_blank"
        rel="noopener noreferrer nofollow"
        draggable={false}
        onClick={(event) => {
          if (!href || event.button !== 0) return;
          event.preventDefault();
          window.open(href, '_blank', 'noopener,noreferrer');
        }}
      >
        <span className={styles.bookmarkText}>
          <span className={styles.bookmarkTitle}>{title || host}</span>
          {description && <span className={styles.bookmarkDescription}>{description}</span>}
          <span className={styles.bookmarkSite}>
            {isHttpUrl(icon) && !iconFailed && <img src={icon} alt="" width={16} height={16} referrerPolicy="no-referrer" onError={() => setIconFailed(true)} />}
            <span>{siteName ? `${siteName} · ${host}` : url}</span>
          </span>
        </span>
      </a>
    </NodeViewWrapper>
  );
}
