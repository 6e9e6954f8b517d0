'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { ApiRequestError } from '@/lib/api';
import { useMe } from '@/lib/api/account';
import { ErrorState, Loading } from '@/components/ui/States';
import { Button } from '@/components/ui/Button';
import { VerifyEmailBanner } from '@/components/account/VerifyEmailBanner';

const RETRY_MS = 5_000;

// Screens behind a login: while the session is checked show a spinner; without one go to /login
// and come back here afterwards.
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const router = useRouter();
  const pathname = usePathname();
  const signedOut = me.error instanceof ApiRequestError && me.error.status === 401;
  useEffect(() => {
    if (signedOut) router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [signedOut, router, pathname]);
  // Server down or network gone before we knew who this is: keep asking, so the app comes back
  // by itself.
  const waiting = me.isError && !signedOut && !me.data;
  const { refetch } = me;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void refetch(), RETRY_MS);
    return () => clearInterval(timer);
  }, [waiting, refetch]);
  if (signedOut) return <Loading />;
  // A failed background refresh keeps the screen (and an open editor) as it is.
  if (me.data) {
    return (
      <>
        {children}
        {me.data.user.emailVerified ? null : <VerifyEmailBanner email={me.data.user.email} />}
      </>
    );
  }
  if (me.isPending) return <Loading />;
  return <ErrorState error={me.error} what="account" actions={<Button onClick={() => void me.refetch()}>Try again</Button>} />;
}
