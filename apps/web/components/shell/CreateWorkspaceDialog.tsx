'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiLimits, type WorkspaceView } from '@tandem/protocol';
import { ApiRequestError, errorMessage } from '@/lib/api';
import { createWorkspace } from '@/lib/api/workspaces';
import { keys } from '@/lib/api/keys';
import { Dialog } from '@/components/ui/Dialog';
import { Button } from '@/components/ui/Button';
import { Field, FormError } from '@/components/ui/Field';

export function CreateWorkspaceForm({ onCreated }: { onCreated?: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '');
    setBusy(true);
    setError(null);
    setFieldError(undefined);
    try {
      const workspace = await createWorkspace(name);
      qc.setQueryData<WorkspaceView[]>(keys.workspaces, (list) => [...(list ?? []), workspace]);
      void qc.invalidateQueries({ queryKey: keys.workspaces });
      onCreated?.();
      router.push(`/w/${workspace.id}`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.fields.name) setFieldError(err.fields.name);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError message={error} />
      <Field label="Workspace name" name="name" required maxLength={ApiLimits.workspaceNameMax} placeholder="Acme Inc." error={fieldError} autoFocus />
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create workspace'}
      </Button>
    </form>
  );
}

export function CreateWorkspaceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Create a workspace">
      <CreateWorkspaceForm onCreated={onClose} />
    </Dialog>
  );
}
