'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { ApiLimits } from '@tandem/protocol';
import { useResetPassword } from '@/lib/api/account-email';
import { useFormAction } from '@/lib/use-form-action';
import { Logo } from '@/components/auth/Logo';
import { Button } from '@/components/ui/Button';
import { Field, FormError } from '@/components/ui/Field';
import styles from '@/components/auth/auth.module.css';

// Where the reset mail's link lands: choose a new password; every session ends, so log in again.
export function ResetPasswordForm() {
  const token = useSearchParams().get('token') ?? '';
  const reset = useResetPassword();
  const { fields, error, busy, onSubmit } = useFormAction(async (data) => {
    await reset.mutateAsync({ token, password: String(data.get('password') ?? '') });
  });
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <Logo />
        <h1 className={styles.title}>Choose a new password</h1>
        {reset.isSuccess ? (
          <>
            <p className={styles.subtitle} role="status" data-testid="reset-done">
              Your password is changed and every device is signed out. Log in with the new one.
            </p>
            <Link href="/login">Log in</Link>
          </>
        ) : (
          <>
            <p className={styles.subtitle}>This signs you out on every device.</p>
            <form onSubmit={onSubmit} noValidate>
              <FormError message={error ?? (fields.token ? `The link ${fields.token}.` : null)} />
              <Field
                label="New password"
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={ApiLimits.passwordMin}
                hint={`At least ${ApiLimits.passwordMin} characters.`}
                error={fields.password}
              />
              <Button type="submit" variant="primary" className={styles.submit} disabled={busy || !token}>
                {busy ? 'One moment…' : 'Set new password'}
              </Button>
            </form>
            {fields.token ? (
              <p className={styles.switch}>
                <Link href="/forgot-password">Ask for a new link</Link>
              </p>
            ) : null}
          </>
        )}
      </div>
    </main>
  );
}
