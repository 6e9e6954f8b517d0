'use client';

import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '@/lib/api';
import { keys } from '@/lib/api/keys';

// Leaving and deleting end the same way: forget the workspace's cached data and go back to /w.
// Returns a runner for the leave or delete call; a failure is shown through setError.
export function useExitWorkspace(workspaceId: string, onDone: () => void, setError: (message: string | null) => void) {
  const router = useRouter();
  const qc = useQueryClient();
  return async (exit: () => Promise<void>) => {
    setError(null);
    try {
      await exit();
      onDone();
      qc.removeQueries({ queryKey: ['workspaces', workspaceId] });
      localStorage.removeItem('tandem:last-workspace');
      await qc.invalidateQueries({ queryKey: keys.workspaces });
      router.replace('/w');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
}
