'use client';

import { useState } from 'react';
import type { BookmarkAttributes } from '@tandem/editor';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field } from '@/components/ui/Field';
import { errorMessage } from '@/lib/api/client';
import { fetchBookmark } from '@/lib/api/link-previews';

// Asks for a web address and has the server read its title and description for the card.
export function BookmarkDialog({ pageId, open, onDone }: { pageId: string; open: boolean; onDone: (bookmark: BookmarkAttributes | null) => void }) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const close = (value: BookmarkAttributes | null) => {
    setUrl('');
    setError(undefined);
    setBusy(false);
    onDone(value);
  };
  return (
    <Dialog open={open} onClose={() => close(null)} title="Web bookmark">
      <form
        data-testid="bookmark-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const value = url.trim();
          if (!/^https?:\/\/\S+$/i.test(value)) return setError('Use a web address starting with https:// or http://');
          setBusy(true);
          fetchBookmark(pageId, value).then(close, (err: unknown) => {
            setBusy(false);
            setError(errorMessage(err));
          });
        }}
      >
        <Field
          label="Web address"
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
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Reading the page…' : 'Create bookmark'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
