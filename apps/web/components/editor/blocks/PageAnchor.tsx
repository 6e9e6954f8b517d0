'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { pageHref } from '@tandem/editor';

// A link to a page from inside the document. The browser does not follow links in an editable
// document, so a plain click opens the page here; a modified one (new tab/window) is left to it.
export function PageAnchor({ workspaceId, pageId, children }: { workspaceId: string; pageId: string; children: ReactNode }) {
  const router = useRouter();
  const href = pageHref(workspaceId, pageId);
  return (
    <Link
      href={href}
      draggable={false}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        router.push(href);
      }}
    >
      {children}
    </Link>
  );
}
