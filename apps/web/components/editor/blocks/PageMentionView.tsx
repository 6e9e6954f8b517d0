'use client';

import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import type { PageMentionAttributes } from '@tandem/editor';
import { usePage, usePageTree } from '@/lib/api/pages';
import { PageAnchor } from './PageAnchor';
import styles from './blocks.module.css';

// A page linked inside a line ("[[" or "@"): the page's CURRENT title and icon, from the live page
// tree (renames arrive by the workspace's realtime channel), else from GET /pages/:id (a guest's
// shared page outside their tree). A page the reader cannot see shows a placeholder, never its
// stored title; a trashed one says so.
export function PageMentionView({ node }: ReactNodeViewProps) {
  const { pageId, workspaceId } = node.attrs as PageMentionAttributes;
  const tree = usePageTree(workspaceId);
  const inTree = tree.data?.pages.find((p) => p.id === pageId);
  const single = usePage(pageId);
  const page = inTree ?? single.data?.page;
  // The tree holds live pages only; GET /pages/:id also answers for a trashed one.
  const state = inTree ? 'ok' : single.data ? (single.data.page.deletedAt ? 'trashed' : 'ok') : single.isPending && tree.isPending ? 'loading' : single.isError ? 'hidden' : 'loading';
  if (state !== 'ok' || !page) {
    return (
      <NodeViewWrapper as="span" className={`${styles.pageMention} ${styles.pageMentionMissing}`} data-testid="page-mention" data-state={state} contentEditable={false}>
        <span aria-hidden>{state === 'trashed' ? '🗑' : '🔒'}</span>
        {state === 'trashed' ? 'Page in trash' : state === 'hidden' ? 'No access' : '…'}
      </NodeViewWrapper>
    );
  }
  return (
    <NodeViewWrapper as="span" className={styles.pageMention} data-testid="page-mention" data-state={state} contentEditable={false}>
      <PageAnchor workspaceId={workspaceId} pageId={pageId}>
        <span aria-hidden className={styles.pageMentionIcon}>
          {page.icon ?? '📄'}
        </span>
        <span className={styles.pageMentionTitle}>{page.title || 'Untitled'}</span>
      </PageAnchor>
    </NodeViewWrapper>
  );
}
