'use client';

import { useQueryClient } from '@tanstack/react-query';
import { ApiLimits, type WorkspaceView } from '@tandem/protocol';
import { keys } from '@/lib/api/keys';
import { renameWorkspace } from '@/lib/api/workspaces';
import { useFormAction } from '@/lib/use-form-action';
import { Button } from '@/components/ui/Button';
import { Field } from '@/components/ui/Field';
import { useToast } from '@/components/ui/Toast';
import styles from '../settings.module.css';

export function RenameWorkspace({ workspace }: { workspace: WorkspaceView }) {
  const qc = useQueryClient();
  const toast = useToast();
  const { fields, error, onSubmit } = useFormAction(async (data) => {
    await renameWorkspace(workspace.id, String(data.get('name') ?? ''));
    await qc.invalidateQueries({ queryKey: keys.workspaces });
    toast('Workspace renamed');
  });
  return (
    <section className={styles.section} aria-labelledby="ws-name-title">
      <h2 id="ws-name-title" className={styles.sectionTitle}>
        Name
      </h2>
      <form onSubmit={onSubmit} className={styles.row} noValidate>
        <div className={styles.grow}>
          <Field label="Workspace name" name="name" defaultValue={workspace.name} maxLength={ApiLimits.workspaceNameMax} error={fields.name ?? error ?? undefined} />
        </div>
        <Button type="submit">Save</Button>
      </form>
    </section>
  );
}
