'use client';

import { useState } from 'react';
import { EMBED_PROVIDER_NAMES, embedFromUrl } from '@tandem/editor';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field } from '@/components/ui/Field';

const PROVIDERS = Object.values(EMBED_PROVIDER_NAMES).join(', ');

// Asks for the address of a video, design, map or pen; only allow-listed players are accepted.
export function EmbedDialog({ open, onDone }: { open: boolean; onDone: (url: string | null) => void }) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const close = (value: string | null) => {
    setUrl('');
    setError(undefined);
    onDone(value);
  };
  return (
    <Dialog open={open} onClose={() => close(null)} title="Embed">
      <form
        data-testid="embed-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const value = url.trim();
          if (!embedFromUrl(value)) return setError(`Only links from ${PROVIDERS} can be embedded.`);
          close(value);
        }}
      >
        <Field
          label="Link to embed"
          type="url"
          value={url}
          autoFocus
          placeholder="https://www.youtube.com/watch?v=…"
          error={error}
          onChange={(event) => {
            setUrl(event.target.value);
            setError(undefined);
          }}
        />
        <p style={{ margin: '0 0 12px', color: 'var(--fg-muted)', fontSize: 13 }}>Works with {PROVIDERS}.</p>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={() => close(null)}>Cancel</Button>
          <Button type="submit" variant="primary">
            Embed
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
