'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AuthRoutes, type MeResponse, type PasswordResetBody, type PasswordResetRequestBody } from '@tandem/protocol';
import { request } from './client';
import { keys } from './keys';

// The emailed links: verifying an address, asking for and using a password-reset link.

export function useVerifyEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => request(AuthRoutes.verifyEmail, { body: { token } }),
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
  return useMutation({ mutationFn: () => request(AuthRoutes.resendVerification) });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (body: PasswordResetRequestBody) => request(AuthRoutes.requestPasswordReset, { body }) });
}

export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordResetBody) => request(AuthRoutes.resetPassword, { body }),
    // Every session of the account is gone, this browser's included.
    onSuccess: () => qc.clear(),
  });
}
