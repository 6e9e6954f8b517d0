'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useRequestPasswordReset } from '@/lib/api/account-email';
import { useFormAction } from '@/lib/use-form-action';
import { Logo } from '@/components/auth/Logo';
import { Button } from '@/components/ui/Button';
import { Field, FormError } from '@/components/ui/Field';
import styles from '@/components/auth/auth.module.css';

// "Forgot password?": asks for a reset link. The answer is the same whether or not an account uses
// the address, so the screen can't be used to find out who has one.
export function ForgotPasswordForm() {
  const request = useRequestPasswordReset();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { fields, error, busy, onSubmit } = useFormAction(async (data) => {
    const email = String(data.get('email') ?? '');
    await request.mutateAsync({ email });
    setSentTo(email);
  });
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <Logo />
        <h1 className={styles.title}>Reset your password</h1>
        {sentTo ? (
          <p className={styles.subtitle} role="status" data-testid="reset-requested">
            If a Tandem account uses {sentTo}, a link to choose a new password is on its way. It works once, for a short while.
          </p>
        ) : (
          <>
            <p className={styles.subtitle}>We’ll mail you a link to choose a new one.</p>
            <form onSubmit={onSubmit} noValidate>
              <FormError message={error} />
              <Field label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
              <Button type="submit" variant="primary" className={styles.submit} disabled={busy}>
                {busy ? 'One moment…' : 'Send me a link'}
              </Button>
            </form>
          </>
        )}
        <p className={styles.switch}>
          Remembered it? <Link href="/login">Log in</Link>
        </p>
      </div>
    </main>
  );
}
