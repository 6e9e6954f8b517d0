'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

// Registers public/sw.js, which lets a page opened once reload offline. Production builds only:
// in `next dev` chunk names and HTML change on every edit, and a cache would serve stale code.
export function ServiceWorker() {
  const qc = useQueryClient();
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    const container = navigator.serviceWorker;
    const firstInstall = container.controller === null;
    // On the very first visit this tab loaded its HTML, JS, CSS and API answers before the worker
    // existed. Once it takes control, hand it what was loaded and read the shell's data again
    // through it, so all of it is there to reload offline.
    const onControlled = () => {
      if (!firstInstall) return;
      const loaded = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((href) => new URL(href).pathname.startsWith('/_next/static/'));
      navigator.serviceWorker.controller?.postMessage({ type: 'remember', urls: [location.href, ...loaded] });
      // Cancel first: a first load still in flight went around the worker, and a refetch would
      // only join it instead of asking again.
      void qc.cancelQueries().then(() => qc.invalidateQueries());
    };
    container.addEventListener('controllerchange', onControlled);
    container.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch((error: unknown) => {
      // No worker means no offline reload, nothing else: the app works as before.
      console.warn('Tandem could not register its service worker', error);
    });
    return () => container.removeEventListener('controllerchange', onControlled);
  }, [qc]);
  return null;
}
