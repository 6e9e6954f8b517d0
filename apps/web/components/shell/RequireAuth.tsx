'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { ApiRequestError } from '@/lib/api';
import { useMe } from '@/lib/queries';
import { ErrorState, Loading } from '@/components/ui/States';
import { Button } from '@/components/ui/Button';

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
  if (me.isPending || signedOut) return <Loading />;
  if (me.isError) {
    return <ErrorState error={me.error} what="account" actions={<Button onClick={() => void me.refetch()}>Try again</Button>} />;
  }
  return <>{children}</>;
}
