'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { pageHref, type PageMentionAttributes } from '@tandem/editor';
import { usePage, usePageTree } from '@/lib/api/pages';
import styles from './blocks.module.css';

// A page linked inside a line ("[[" or "@"): the page's CURRENT title and icon, from the live page
// tree (renames arrive by the workspace's realtime channel), else from GET /pages/:id (a guest's
// shared page outside their tree). A page the reader cannot see shows a placeholder, never its
// stored title; a trashed one says so.
export function PageMentionView({ node }: ReactNodeViewProps) {
  const { pageId, workspaceId } = node.attrs as PageMentionAttributes;
  const router = useRouter();
  const tree = usePageTree(workspaceId);
  const inTree = tree.data?.pages.find((p) => p.id === pageId);
  const single = usePage(pageId);
  const page = inTree ?? single.data?.page;
  const state = page ? (page.deletedAt ? 'trashed' : 'ok') : single.isPending && tree.isPending ? 'loading' : single.isError ? 'hidden' : 'loading';
  const href = pageHref(workspaceId, pageId);
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
      <Link
        href={href}
        draggable={false}
        onClick={(event) => {
          // Inside an editable document the browser does not follow links; a plain click opens the
          // page here, a modified one (new tab/window) is left to the browser.
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          router.push(href);
        }}
      >
        <span aria-hidden className={styles.pageMentionIcon}>
          {page.icon ?? '📄'}
        </span>
        <span className={styles.pageMentionTitle}>{page.title || 'Untitled'}</span>
      </Link>
    </NodeViewWrapper>
  );
}
