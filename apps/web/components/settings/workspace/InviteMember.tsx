'use client';

import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AssignableWorkspaceRole } from '@tandem/protocol';
import { keys } from '@/lib/api/keys';
import { invite } from '@/lib/api/workspaces';
import { useFormAction } from '@/lib/use-form-action';
import { Button } from '@/components/ui/Button';
import { Field, uiStyles } from '@/components/ui/Field';
import { useToast } from '@/components/ui/Toast';
import styles from '../settings.module.css';
import { ASSIGNABLE, roleLabel } from './roles';

export function InviteMember({ workspaceId }: { workspaceId: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [role, setRole] = useState<AssignableWorkspaceRole>('member');
  const { fields, error, busy, onSubmit } = useFormAction(async (data, form) => {
    const email = String(data.get('email') ?? '');
    await invite(workspaceId, email, role);
    form.reset();
    toast(`Invitation sent to ${email.trim().toLowerCase()}`);
    await qc.invalidateQueries({ queryKey: keys.members(workspaceId) });
  });
  return (
    <section className={styles.section} aria-labelledby="invite-title">
      <h2 id="invite-title" className={styles.sectionTitle}>
        Invite people
      </h2>
      <p className={styles.sectionText}>They join when they accept, from their invitations list or when they next log in.</p>
      <form onSubmit={onSubmit} className={styles.row} noValidate>
        <div className={styles.grow}>
          <Field label="Email" name="email" type="email" placeholder="name@example.com" error={fields.email ?? error ?? undefined} />
        </div>
        <select className={uiStyles.select} style={{ height: 36 }} aria-label="Role for the invited person" value={role} onChange={(e) => setRole(e.target.value as AssignableWorkspaceRole)}>
          {ASSIGNABLE.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
        <Button type="submit" variant="primary" disabled={busy} style={{ height: 36 }}>
          Invite
        </Button>
      </form>
    </section>
  );
}
