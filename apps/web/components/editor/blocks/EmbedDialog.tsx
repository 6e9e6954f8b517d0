'use client';

import { EMBED_PROVIDER_NAMES, embedFromUrl } from '@tandem/editor';
import { UrlDialog } from '../UrlDialog';

const PROVIDERS = Object.values(EMBED_PROVIDER_NAMES).join(', ');

// Asks for the address of a video, design, map or pen; only allow-listed players are accepted.
export function EmbedDialog({ open, onDone }: { open: boolean; onDone: (url: string | null) => void }) {
  return (
    <UrlDialog
      open={open}
      onDone={onDone}
      testId="embed-dialog"
      title="Embed"
      label="Link to embed"
      placeholder="https://www.youtube.com/watch?v=…"
      submitLabel="Embed"
      hint={<p style={{ margin: '0 0 12px', color: 'var(--fg-muted)', fontSize: 13 }}>Works with {PROVIDERS}.</p>}
      problem={(url) => (embedFromUrl(url) ? null : `Only links from ${PROVIDERS} can be embedded.`)}
      accept={(url) => url}
    />
  );
}
