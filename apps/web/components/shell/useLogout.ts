'use client';

import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { logout, useMe } from '@/lib/api/account';
import { deleteLocalCopies, unsavedPageCount } from '@/lib/collab/local-copies';

export function useLogout() {
  const router = useRouter();
  const qc = useQueryClient();
  const userId = useMe().data?.user.id;
  return async () => {
    // Logging out deletes this browser's copies of the pages, and with them any edit that never
    // reached the server (made offline): say so first.
    const unsaved = userId ? unsavedPageCount(userId) : 0;
    if (unsaved > 0) {
      const pages = unsaved === 1 ? '1 page has' : `${unsaved} pages have`;
      if (!window.confirm(`${pages} edits that have not reached the server yet. Logging out deletes them from this browser. Log out anyway?`)) return;
    }
    try {
      await logout();
    } finally {
      // Whatever the server said, this browser forgets the account's data: cached answers and the
      // local copies of its pages (deleted once the open page has closed).
      qc.clear();
      router.replace('/login');
      if (userId) void deleteLocalCopies(userId);
    }
  };
}
