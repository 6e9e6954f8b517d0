'use client';

import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import type { PageLinkAttributes } from '@tandem/editor';
import { usePage } from '@/lib/api/pages';
import { PageAnchor } from './PageAnchor';
import styles from './blocks.module.css';

// "Link to page": shows the page's current title and icon when the reader may see it, else the
// title stored when the link was made.
export function PageLinkView({ node }: ReactNodeViewProps) {
  const { pageId, workspaceId, title } = node.attrs as PageLinkAttributes;
  const page = usePage(pageId);
  const current = page.data?.page;
  return (
    <NodeViewWrapper className={styles.pageLink} data-testid="page-link" contentEditable={false}>
      <PageAnchor workspaceId={workspaceId} pageId={pageId}>
        <span aria-hidden className={styles.pageLinkIcon}>
          {current?.icon ?? '📄'}
        </span>
        <span className={styles.pageLinkTitle}>{current?.title || title || 'Untitled'}</span>
      </PageAnchor>
    </NodeViewWrapper>
  );
}
