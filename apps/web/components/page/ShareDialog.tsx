'use client';

import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CreatedShareLink, PageSharesResponse, PageShareRole, PageShareView, PendingShareView } from '@tandem/protocol';
import { ApiRequestError, del, errorMessage, post, put } from '@/lib/api';
import { keys, useLinks, useShares } from '@/lib/queries';
import { Dialog } from '@/components/ui/Dialog';
import { Button } from '@/components/ui/Button';
import { Field, FormError, uiStyles } from '@/components/ui/Field';
import { Avatar } from '@/components/ui/Avatar';
import { Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import styles from './page.module.css';
import { Icon } from '@/components/ui/Icon';

const ROLES: Array<{ value: PageShareRole; label: string }> = [
  { value: 'viewer', label: 'Can view' },
  { value: 'commenter', label: 'Can comment' },
  { value: 'editor', label: 'Can edit' },
];

function RoleSelect({ value, onChange, label, disabled }: { value: PageShareRole; onChange: (role: PageShareRole) => void; label: string; disabled?: boolean }) {
  return (
    <select className={uiStyles.select} aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as PageShareRole)}>
      {ROLES.map((r) => (
        <option key={r.value} value={r.value}>
          {r.label}
        </option>
      ))}
    </select>
  );
}

export function ShareDialog({ pageId, open, onClose }: { pageId: string; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Share this page">
      <InvitePeople pageId={pageId} />
      <PublicLinks pageId={pageId} />
    </Dialog>
  );
}

function InvitePeople({ pageId }: { pageId: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const shares = useShares(pageId);
  const [role, setRole] = useState<PageShareRole>('editor');
  const [error, setError] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const setShares = (change: (list: PageShareView[]) => PageShareView[]) =>
    qc.setQueryData(keys.shares(pageId), (data: PageSharesResponse | undefined) => (data ? { ...data, shares: change(data.shares) } : data));

  const invite = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const email = String(new FormData(form).get('email') ?? '');
    setBusy(true);
    setError(null);
    setEmailError(undefined);
    try {
      const share = await put<PageShareView | PendingShareView>(`/pages/${pageId}/shares`, { email, role });
      form.reset();
      if ('pending' in share) {
        // No confirmed account uses the address (yet): the share waits for it, and a mail went out.
        toast(`Invitation mailed to ${share.email}. They get access once they confirm their address.`);
      } else {
        setShares((list) => [...list.filter((s) => s.userId !== share.userId), share]);
        toast(`Shared with ${share.name}`);
      }
    } catch (err) {
      if (err instanceof ApiRequestError && err.fields.email) setEmailError(err.fields.email);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: keys.shares(pageId) });
    }
  };

  const changeRole = async (share: PageShareView, next: PageShareRole) => {
    setShares((list) => list.map((s) => (s.userId === share.userId ? { ...s, role: next } : s)));
    try {
      await put(`/pages/${pageId}/shares`, { email: share.email, role: next });
    } catch (err) {
      toast(`Could not change the role: ${errorMessage(err)}`, 'error');
    }
    void qc.invalidateQueries({ queryKey: keys.shares(pageId) });
  };

  const revoke = async (share: PageShareView) => {
    setShares((list) => list.filter((s) => s.userId !== share.userId));
    try {
      await del(`/pages/${pageId}/shares/${share.userId}`);
    } catch (err) {
      toast(`Could not remove access: ${errorMessage(err)}`, 'error');
    }
    void qc.invalidateQueries({ queryKey: keys.shares(pageId) });
  };

  const withdraw = async (pending: PendingShareView) => {
    try {
      await del(`/pages/${pageId}/pending-shares/${pending.id}`);
    } catch (err) {
      toast(`Could not withdraw the invitation: ${errorMessage(err)}`, 'error');
    }
    void qc.invalidateQueries({ queryKey: keys.shares(pageId) });
  };

  return (
    <section aria-label="People with access">
      <form onSubmit={invite} noValidate>
        <FormError message={error} />
        <div className={styles.inviteRow}>
          <Field label="Invite by email" name="email" type="email" placeholder="name@example.com" required error={emailError} />
          <div style={{ paddingTop: 25, display: 'flex', gap: 8 }}>
            <RoleSelect value={role} onChange={setRole} label="Role for the invited person" />
            <Button type="submit" variant="primary" disabled={busy} data-testid="share-invite">
              Invite
            </Button>
          </div>
        </div>
      </form>
      <div className={styles.shareSection}>
        <h3>People with access</h3>
        {shares.isPending ? (
          <Loading />
        ) : shares.isError ? (
          <p className={uiStyles.fieldError}>{errorMessage(shares.error)}</p>
        ) : shares.data.shares.length === 0 ? (
          <p className={uiStyles.hint}>Only members of this workspace can see this page.</p>
        ) : (
          <ul className={styles.people} data-testid="share-list">
            {shares.data.shares.map((share) => (
              <li key={share.userId} className={styles.person}>
                <Avatar id={share.userId} name={share.name} size={28} />
                <div className={styles.personText}>
                  <div className={styles.personName}>{share.name}</div>
                  <div className={styles.personEmail}>{share.email}</div>
                </div>
                <RoleSelect value={share.role} label={`Role for ${share.name}`} onChange={(r) => void changeRole(share, r)} />
                <Button size="small" variant="ghost" aria-label={`Remove ${share.name}`} onClick={() => void revoke(share)}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        {shares.data?.pending.length ? (
          <ul className={styles.people} data-testid="pending-share-list" aria-label="Waiting for their address to be confirmed">
            {shares.data.pending.map((pending) => (
              <li key={pending.id} className={styles.person}>
                <Avatar id={pending.email} name={pending.email} size={28} />
                <div className={styles.personText}>
                  <div className={styles.personName}>{pending.email}</div>
                  <div className={styles.personEmail}>Invited · waiting for them to confirm their address</div>
                </div>
                <Button size="small" variant="ghost" aria-label={`Withdraw the invitation to ${pending.email}`} onClick={() => void withdraw(pending)}>
                  Withdraw
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}

function PublicLinks({ pageId }: { pageId: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const links = useLinks(pageId);
  const [created, setCreated] = useState<CreatedShareLink | null>(null);
  const [busy, setBusy] = useState(false);
  const url = created ? `${window.location.origin}/share/${created.token}` : '';

  const create = async () => {
    setBusy(true);
    try {
      setCreated(await post<CreatedShareLink>(`/pages/${pageId}/links`, { role: 'viewer' }));
    } catch (err) {
      toast(`Could not create a link: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: keys.links(pageId) });
    }
  };

  const revoke = async (linkId: string) => {
    try {
      await del(`/pages/${pageId}/links/${linkId}`);
      if (created?.id === linkId) setCreated(null);
      toast('Link revoked: it no longer opens the page');
    } catch (err) {
      toast(`Could not revoke the link: ${errorMessage(err)}`, 'error');
    }
    void qc.invalidateQueries({ queryKey: keys.links(pageId) });
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      toast('Link copied');
    } catch {
      toast('Copy is blocked here: select the link and copy it by hand', 'error');
    }
  };

  return (
    <section className={styles.shareSection} aria-label="Public link">
      <h3>Public link</h3>
      <p className={uiStyles.hint}>Anyone with the link can read this page and the pages inside it. They cannot edit.</p>
      {created ? (
        <div className={styles.linkBox}>
          <input className={uiStyles.input} readOnly value={url} aria-label="Public link address" data-testid="share-link-url" onFocus={(e) => e.currentTarget.select()} />
          <Button onClick={() => void copy()}>Copy</Button>
        </div>
      ) : null}
      {links.data?.links.length ? (
        <ul className={styles.people}>
          {links.data.links.map((link) => (
            <li key={link.id} className={styles.person}>
              <Icon name="link" size={18} />
              <div className={styles.personText}>
                <div className={styles.personName}>Read-only link</div>
                <div className={styles.personEmail}>
                  Created {new Date(link.createdAt).toLocaleString()}
                  {created?.id === link.id ? ' · just now' : ' · address shown only when created'}
                </div>
              </div>
              <Button size="small" variant="danger" onClick={() => void revoke(link.id)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <Button onClick={() => void create()} disabled={busy} data-testid="create-link">
        {busy ? 'Creating…' : 'Create a public link'}
      </Button>
    </section>
  );
}
