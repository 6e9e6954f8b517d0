import type { Metadata } from 'next';
import { Suspense } from 'react';
import { VerifyEmailScreen } from '@/components/account/VerifyEmailScreen';

export const metadata: Metadata = { title: 'Confirm your email · Tandem' };

// useSearchParams needs a Suspense boundary to render on the client.
export default function Page() {
  return (
    <Suspense>
      <VerifyEmailScreen />
    </Suspense>
  );
}
