'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ToastProvider } from '@/components/ui/Toast';

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser session (not per module) so server renders never share a cache.
  // Queries run even when the browser says it is offline ('offlineFirst'): the service worker
  // (public/sw.js) may answer from its copy, so a reload offline shows the tree and the page
  // instead of waiting for the network forever. A failed first try then pauses until online.
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, networkMode: 'offlineFirst' } } }),
  );
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>{children}</ToastProvider>
    </QueryClientProvider>
  );
}
