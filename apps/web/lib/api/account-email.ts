'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeResponse, PasswordResetBody, PasswordResetRequestBody, VerifyEmailResponse } from '@tandem/protocol';
import { post } from '@/lib/api';
import { keys } from '@/lib/queries';

// The emailed links: verifying an address, asking for and using a password-reset link.

export function useVerifyEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => post<VerifyEmailResponse>('/auth/verify-email', { token }),
    onSuccess: (res) => {
      // If this browser is signed in as that person, its banner goes and new workspaces appear.
      const me = qc.getQueryData<MeResponse>(keys.me);
      if (me?.user.id === res.user.id) qc.setQueryData<MeResponse>(keys.me, { user: res.user });
      void qc.invalidateQueries({ queryKey: keys.workspaces });
      void qc.invalidateQueries({ queryKey: keys.invitations });
    },
  });
}

export function useResendVerification() {
  return useMutation({ mutationFn: () => post<void>('/auth/verify-email/resend') });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (body: PasswordResetRequestBody) => post<void>('/auth/password-reset/request', body) });
}

export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordResetBody) => post<void>('/auth/password-reset', body),
    // Every session of the account is gone, this browser's included.
    onSuccess: () => qc.clear(),
  });
}
