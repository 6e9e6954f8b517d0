'use client';

import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field } from '@/components/ui/Field';
import { errorMessage } from '@/lib/api/client';

export interface UrlDialogProps<T> {
  open: boolean;
  title: string;
  label: string;
  placeholder: string;
  submitLabel: string;
  // Shown on the button while `accept` is under way.
  busyLabel?: string;
  hint?: ReactNode;
  testId?: string;
  // Why the address is refused, or null when it will do.
  problem: (url: string) => string | null;
  // What the dialog hands back for an accepted address (may ask the server; its error is shown).
  accept: (url: string) => T | Promise<T>;
  onDone: (value: T | null) => void;
}

// Asks for one web address: the image, embed and bookmark dialogs.
export function UrlDialog<T>({ open, title, label, placeholder, submitLabel, busyLabel, hint, testId, problem, accept, onDone }: UrlDialogProps<T>) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const close = (value: T | null) => {
    setUrl('');
    setError(undefined);
    setBusy(false);
    onDone(value);
  };
  return (
    <Dialog open={open} onClose={() => close(null)} title={title}>
      <form
        data-testid={testId}
        onSubmit={(event) => {
          event.preventDefault();
          const value = url.trim();
          const refused = problem(value);
          if (refused) return setError(refused);
          setBusy(true);
          Promise.resolve()
            .then(() => accept(value))
            .then(close, (err: unknown) => {
              setBusy(false);
              setError(errorMessage(err));
            });
        }}
      >
        <Field
          label={label}
          type="url"
          value={url}
          autoFocus
          placeholder={placeholder}
          error={error}
          onChange={(event) => {
            setUrl(event.target.value);
            setError(undefined);
          }}
        />
        {hint}
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={() => close(null)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {busy && busyLabel ? busyLabel : submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
