import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ResetPasswordForm } from '@/components/account/ResetPasswordForm';

export const metadata: Metadata = { title: 'Reset password · Tandem' };

// useSearchParams needs a Suspense boundary to render on the client.
export default function Page() {
  return (
    <Suspense>
      <ResetPasswordForm />
    </Suspense>
  );
}
