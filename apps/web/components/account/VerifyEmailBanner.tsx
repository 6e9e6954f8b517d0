'use client';

import { errorMessage } from '@/lib/api';
import { useResendVerification } from '@/lib/api/account-email';
import { Button } from '@/components/ui/Button';
import styles from '@/components/auth/auth.module.css';

// Until the address is confirmed, invitations and pages shared with it wait; say so, and offer a
// fresh link (the old one stops working).
export function VerifyEmailBanner({ email }: { email: string }) {
  const resend = useResendVerification();
  return (
    <div className={styles.banner} role="status" data-testid="verify-banner">
      <span>
        {resend.isSuccess ? `A new link is on its way to ${email}.` : resend.isError ? errorMessage(resend.error) : `Confirm ${email}: open the link we mailed you.`}
      </span>
      {resend.isSuccess ? null : (
        <Button onClick={() => resend.mutate()} disabled={resend.isPending}>
          {resend.isPending ? 'Sending…' : 'Send a new link'}
        </Button>
      )}
    </div>
  );
}
