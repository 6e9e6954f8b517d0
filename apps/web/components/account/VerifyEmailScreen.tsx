'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'next/navigation';
import { ApiRequestError, errorMessage } from '@/lib/api';
import { useVerifyEmail } from '@/lib/api/account-email';
import { Logo } from '@/components/auth/Logo';
import { FormError } from '@/components/ui/Field';
import { Loading } from '@/components/ui/States';
import styles from '@/components/auth/auth.module.css';

// Where the verification mail's link lands: spends the token once, then says what happened.
export function VerifyEmailScreen() {
  const token = useSearchParams().get('token') ?? '';
  const verify = useVerifyEmail();
  const sent = useRef(false);
  useEffect(() => {
    // Once per visit (React's strict mode runs effects twice; a second try would meet a spent token).
    if (sent.current || !token) return;
    sent.current = true;
    verify.mutate(token);
  }, [token, verify]);

  const joined = verify.data?.joinedWorkspaceIds.length ?? 0;
  return (
    <main className={styles.page}>
      <div className={styles.card} data-testid="verify-email">
        <Logo />
        {!token ? (
          <FormError message="This link has no token. Open the link from the mail exactly as it was sent." />
        ) : verify.isSuccess ? (
          <>
            <h1 className={styles.title}>Address confirmed</h1>
            <p className={styles.subtitle}>
              {verify.data.user.email} is confirmed.{' '}
              {joined ? `You joined ${joined} workspace${joined === 1 ? '' : 's'} waiting for you.` : 'Invitations and pages shared with it now reach you.'}
            </p>
            <Link href="/w">Go to your workspace →</Link>
          </>
        ) : verify.isError ? (
          <>
            <h1 className={styles.title}>This link doesn’t work</h1>
            <FormError message={linkError(verify.error)} />
            <p className={styles.switch}>Log in and ask for a new link from the banner at the bottom of the screen.</p>
            <Link href="/login">Log in</Link>
          </>
        ) : (
          <Loading />
        )}
      </div>
    </main>
  );
}

// A spent or expired token answers 400 on `token`; say that in words, not as a field path.
export function linkError(err: unknown): string {
  if (err instanceof ApiRequestError && err.fields.token) return `The link ${err.fields.token}.`;
  return errorMessage(err);
}
