'use client';

import { useRouter } from 'next/navigation';
import { errorMessage } from '@/lib/api';
import { useDuplicatePage } from '@/lib/api/pages';
import { useToast } from '@/components/ui/Toast';

// Duplicating a page (the page menu, the sidebar row): the copy opens when it is made.
export function useDuplicate(workspaceId: string): { duplicate: (pageId: string, subtree: boolean) => void; pending: boolean } {
  const mutation = useDuplicatePage(workspaceId);
  const router = useRouter();
  const toast = useToast();
  const duplicate = (pageId: string, subtree: boolean) =>
    mutation.mutate(
      { pageId, subtree },
      {
        onSuccess: (created) => router.push(`/w/${workspaceId}/p/${created.id}`),
        onError: (err) => toast(`Could not duplicate: ${errorMessage(err)}`, 'error'),
      },
    );
  return { duplicate, pending: mutation.isPending };
}
