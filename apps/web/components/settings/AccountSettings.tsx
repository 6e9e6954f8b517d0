'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiLimits, type MeResponse, type SessionView } from '@tandem/protocol';
import { ApiRequestError, errorMessage } from '@/lib/api';
import { changePassword, deleteAccount, revokeSession, updateProfile, useMe, useSessions } from '@/lib/api/account';
import { isMembersKey, keys } from '@/lib/api/keys';
import { useFormAction } from '@/lib/use-form-action';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field, FormError } from '@/components/ui/Field';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import { useLogout } from '@/components/shell/useLogout';
import { deleteLocalCopies } from '@/lib/collab/local-copies';
import { StandalonePage } from './StandalonePage';
import styles from './settings.module.css';
import { ThemeSetting } from './ThemeSetting';
import { EmailNotificationsSetting } from './EmailNotificationsSetting';
import { Icon } from '@/components/ui/Icon';

export function AccountSettings() {
  return (
    <StandalonePage>
      <AccountBody />
    </StandalonePage>
  );
}

function AccountBody() {
  const me = useMe();
  const logout = useLogout();
  const user = me.data?.user;
  if (!user) return null;
  return (
    <main className={styles.page} data-testid="account-settings">
      <h1 className={styles.title}>Account</h1>
      <p className={styles.lead}>
        {user.name} · {user.email}
      </p>
      <Profile name={user.name} />
      <ThemeSetting />
      <EmailNotificationsSetting />
      <ChangePassword />
      <Sessions />
      <section className={styles.section}>
        <h2 className={styles.sectionTitle}>Log out</h2>
        <p className={styles.sectionText}>Ends the session in this browser. Your other sessions stay logged in.</p>
        <Button onClick={() => void logout()}>Log out</Button>
      </section>
      <DeleteAccount />
    </main>
  );
}

function Profile({ name }: { name: string }) {
  const toast = useToast();
  const qc = useQueryClient();
  const { fields, error, busy, onSubmit } = useFormAction(async (data) => {
    const me = await updateProfile({ name: String(data.get('name') ?? '') });
    qc.setQueryData(keys.me, me);
    // Member lists show the name too.
    void qc.invalidateQueries({ predicate: (q) => isMembersKey(q.queryKey) });
    toast('Name changed. People see it on pages you open from now on.');
  });
  return (
    <section className={styles.section} aria-labelledby="profile-title">
      <h2 id="profile-title" className={styles.sectionTitle}>
        Name
      </h2>
      <p className={styles.sectionText}>What others see beside your caret, in member lists and in invitations.</p>
      <form onSubmit={onSubmit} className={styles.form} noValidate>
        <FormError message={error} />
        <Field label="Your name" name="name" autoComplete="name" defaultValue={name} maxLength={ApiLimits.nameMax} error={fields.name} />
        <Button type="submit" disabled={busy}>
          Save name
        </Button>
      </form>
    </section>
  );
}

function ChangePassword() {
  const toast = useToast();
  const qc = useQueryClient();
  const { fields, error, busy, onSubmit } = useFormAction(
    async (data, form) => {
      await changePassword({ currentPassword: String(data.get('currentPassword') ?? ''), newPassword: String(data.get('newPassword') ?? '') });
      form.reset();
      toast('Password changed. Your other sessions were logged out.');
      void qc.invalidateQueries({ queryKey: keys.sessions });
    },
    { unauthorized: { currentPassword: 'This is not your current password.' } },
  );
  return (
    <section className={styles.section} aria-labelledby="password-title">
      <h2 id="password-title" className={styles.sectionTitle}>
        Password
      </h2>
      <p className={styles.sectionText}>Changing it logs out every other session.</p>
      <form onSubmit={onSubmit} className={styles.form} noValidate>
        <FormError message={error} />
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={fields.currentPassword} />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint={`At least ${ApiLimits.passwordMin} characters.`}
          error={fields.newPassword}
        />
        <Button type="submit" disabled={busy}>
          Change password
        </Button>
      </form>
    </section>
  );
}

function describeSession(s: SessionView): string {
  const ua = s.userAgent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : ua ? 'Browser' : 'Unknown device';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

function Sessions() {
  const sessions = useSessions();
  const qc = useQueryClient();
  const toast = useToast();
  const revoke = async (s: SessionView) => {
    try {
      await revokeSession(s.id);
      toast('Session logged out');
    } catch (err) {
      toast(`Could not log that session out: ${errorMessage(err)}`, 'error');
    }
    await qc.invalidateQueries({ queryKey: keys.sessions });
  };
  return (
    <section className={styles.section} aria-labelledby="sessions-title">
      <h2 id="sessions-title" className={styles.sectionTitle}>
        Where you are logged in
      </h2>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} what="session list" />
      ) : (
        <ul className={styles.list} data-testid="session-list">
          {sessions.data.sessions.map((s) => (
            <li key={s.id} className={styles.item}>
              <Icon name="device" size={18} />
              <div className={styles.itemText}>
                <div className={styles.itemName}>
                  {describeSession(s)}
                  {s.current ? <span className={styles.tag}>This browser</span> : null}
                </div>
                <div className={styles.itemSub}>
                  {s.ip ? `${s.ip} · ` : ''}last active {new Date(s.lastSeenAt).toLocaleString()}
                </div>
              </div>
              {s.current ? null : (
                <Button size="small" variant="ghost" onClick={() => void revoke(s)}>
                  Log out
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DeleteAccount() {
  const router = useRouter();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await deleteAccount(String(new FormData(e.currentTarget).get('password') ?? ''));
      const userId = qc.getQueryData<MeResponse>(keys.me)?.user.id;
      qc.clear();
      router.replace('/');
      // The account is gone: so are this browser's copies of its pages.
      if (userId) void deleteLocalCopies(userId);
    } catch (err) {
      setError(err instanceof ApiRequestError && err.status === 401 ? 'This is not your password.' : errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <section className={`${styles.section} ${styles.danger}`} aria-labelledby="delete-title">
      <h2 id="delete-title" className={styles.sectionTitle}>
        Delete account
      </h2>
      <p className={styles.sectionText}>Removes your account and your memberships. Workspaces you alone own and share with others must be handed over first.</p>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete my account
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Delete your account?">
        <form onSubmit={onSubmit} noValidate>
          <FormError message={error} />
          <p>This cannot be undone. Type your password to confirm.</p>
          <Field label="Password" name="password" type="password" autoComplete="current-password" />
          <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="danger" disabled={busy}>
              Delete account
            </Button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}
