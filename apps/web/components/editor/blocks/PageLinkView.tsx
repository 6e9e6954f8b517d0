'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { pageHref, type PageLinkAttributes } from '@tandem/editor';
import { usePage } from '@/lib/api/pages';
import styles from './blocks.module.css';

// "Link to page": shows the page's current title and icon when the reader may see it, else the
// title stored when the link was made.
export function PageLinkView({ node }: ReactNodeViewProps) {
  const { pageId, workspaceId, title } = node.attrs as PageLinkAttributes;
  const router = useRouter();
  const page = usePage(pageId);
  const current = page.data?.page;
  const href = pageHref(workspaceId, pageId);
  return (
    <NodeViewWrapper className={styles.pageLink} data-testid="page-link" contentEditable={false}>
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
        <span aria-hidden className={styles.pageLinkIcon}>
          {current?.icon ?? '📄'}
        </span>
        <span className={styles.pageLinkTitle}>{current?.title || title || 'Untitled'}</span>
      </Link>
    </NodeViewWrapper>
  );
}
