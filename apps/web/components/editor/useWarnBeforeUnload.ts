'use client';

import { useEffect } from 'react';

// The browser's "Leave site?" prompt while some edit has not reached the server (the editor and a
// database's views alike).
export function useWarnBeforeUnload(warn: boolean): void {
  useEffect(() => {
    if (!warn) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [warn]);
}
