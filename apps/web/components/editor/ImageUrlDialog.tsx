'use client';

import { isAllowedImageUrl } from '@tandem/editor';
import { UrlDialog } from './UrlDialog';

// Asks for an image address (images are embedded by URL, never uploaded into the document).
export function ImageUrlDialog({ open, onDone }: { open: boolean; onDone: (url: string | null) => void }) {
  return (
    <UrlDialog
      open={open}
      onDone={onDone}
      title="Embed an image"
      label="Image address"
      placeholder="https://…"
      submitLabel="Embed image"
      problem={(url) => (isAllowedImageUrl(url) ? null : 'Use an image address starting with https:// or http://')}
      accept={(url) => url}
    />
  );
}
