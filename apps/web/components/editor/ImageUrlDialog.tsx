'use client';

import { useState } from 'react';
import { isAllowedImageUrl } from '@tandem/editor';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field } from '@/components/ui/Field';

// Asks for an image address (images are embedded by URL, never uploaded into the document).
export function ImageUrlDialog({ open, onDone }: { open: boolean; onDone: (url: string | null) => void }) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const close = (value: string | null) => {
    setUrl('');
    setError(undefined);
    onDone(value);
  };
  return (
    <Dialog open={open} onClose={() => close(null)} title="Embed an image">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const value = url.trim();
          if (!isAllowedImageUrl(value)) return setError('Use an image address starting with https:// or http://');
          close(value);
        }}
      >
        <Field
          label="Image address"
          type="url"
          value={url}
          autoFocus
          placeholder="https://…"
          error={error}
          onChange={(event) => {
            setUrl(event.target.value);
            setError(undefined);
          }}
        />
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={() => close(null)}>Cancel</Button>
          <Button type="submit" variant="primary">
            Embed image
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
