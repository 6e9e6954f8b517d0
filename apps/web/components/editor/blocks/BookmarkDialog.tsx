'use client';

import type { BookmarkAttributes } from '@tandem/editor';
import { fetchBookmark } from '@/lib/api/link-previews';
import { UrlDialog } from '../UrlDialog';

// Asks for a web address and has the server read its title and description for the card.
export function BookmarkDialog({ pageId, open, onDone }: { pageId: string; open: boolean; onDone: (bookmark: BookmarkAttributes | null) => void }) {
  return (
    <UrlDialog
      open={open}
      onDone={onDone}
      testId="bookmark-dialog"
      title="Web bookmark"
      label="Web address"
      placeholder="https://…"
      submitLabel="Create bookmark"
      busyLabel="Reading the page…"
      problem={(url) => (/^https?:\/\/\S+$/i.test(url) ? null : 'Use a web address starting with https:// or http://')}
      accept={(url) => fetchBookmark(pageId, url)}
    />
  );
}
