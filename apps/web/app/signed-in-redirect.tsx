'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useMe } from '@/lib/api/account';

// Someone already signed in has no use for the landing page: take them to their workspace.
export function SignedInRedirect() {
  const me = useMe();
  const router = useRouter();
  const signedIn = Boolean(me.data);
  useEffect(() => {
    if (signedIn) router.replace('/w');
  }, [signedIn, router]);
  return null;
}
