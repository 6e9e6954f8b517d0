'use client';

import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { logout } from '@/lib/api/account';

export function useLogout() {
  const router = useRouter();
  const qc = useQueryClient();
  return async () => {
    try {
      await logout();
    } finally {
      // Whatever the server said, this browser forgets the account's data.
      qc.clear();
      router.replace('/login');
    }
  };
}
