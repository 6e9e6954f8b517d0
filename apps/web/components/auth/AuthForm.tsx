'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiLimits, type MeResponse } from '@tandem/protocol';
import { ApiRequestError, errorMessage } from '@/lib/api';
import { login, signup as createAccount } from '@/lib/api/account';
import { keys } from '@/lib/api/keys';
import { safeNext } from '@/lib/navigation';
import { applyTheme, currentTheme } from '@/lib/theme';
import { Button } from '@/components/ui/Button';
import { Field, FormError } from '@/components/ui/Field';
import { Logo } from './Logo';
import styles from './auth.module.css';

export function AuthForm({ mode }: { mode: 'login' | 'signup' }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const credentials = { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') };
    setBusy(true);
    setFields({});
    setFormError(null);
    try {
      const res = mode === 'signup' ? await createAccount({ ...credentials, name: String(data.get('name') ?? '') }) : await login(credentials);
      // A new account sees a fresh cache, never the previous user's.
      qc.clear();
      qc.setQueryData<MeResponse>(keys.me, { user: res.user });
      // Signing in brings the account's theme to this browser (a new account keeps the browser's).
      if (mode === 'login' && res.user.theme !== currentTheme()) applyTheme(res.user.theme);
      router.replace(safeNext(new URLSearchParams(window.location.search).get('next')));
    } catch (err) {
      if (err instanceof ApiRequestError && Object.keys(err.fields).length) setFields(err.fields);
      else setFormError(errorMessage(err));
      setBusy(false);
    }
  };

  const signup = mode === 'signup';
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <Logo />
        <h1 className={styles.title}>{signup ? 'Create your account' : 'Welcome back'}</h1>
        <p className={styles.subtitle}>{signup ? 'Start writing together in a minute.' : 'Log in to your Tandem workspace.'}</p>
        <form onSubmit={onSubmit} noValidate>
          <FormError message={formError} />
          {signup ? <Field label="Name" name="name" autoComplete="name" required maxLength={ApiLimits.nameMax} error={fields.name} /> : null}
          <Field label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            required
            minLength={signup ? ApiLimits.passwordMin : undefined}
            hint={signup ? `At least ${ApiLimits.passwordMin} characters.` : undefined}
            error={fields.password}
          />
          {signup ? null : (
            <p className={styles.forgot}>
              <Link href="/forgot-password">Forgot password?</Link>
            </p>
          )}
          <Button type="submit" variant="primary" className={styles.submit} disabled={busy}>
            {busy ? 'One moment…' : signup ? 'Sign up' : 'Log in'}
          </Button>
        </form>
        <p className={styles.switch}>
          {signup ? (
            <>
              Already have an account? <Link href="/login">Log in</Link>
            </>
          ) : (
            <>
              New to Tandem? <Link href="/signup">Create an account</Link>
            </>
          )}
        </p>
      </div>
    </main>
  );
}
