'use client';

import { useEffect, useState } from 'react';
import type { PageSession } from './page-session';
import { acquireSession } from './shared-sessions';

// A page's session (document, offline copy, provider) for as long as the component shows the page,
// on the tab's one connection (the page tree's live updates use it too), shared with anything else
// in the tab showing the same page. One offline copy per person and page; a public-link reader
// (`userId` null) keeps nothing on the device.
export function usePageSession(pageId: string, socketUrl: string, shareToken: string | undefined, userId: string | null): PageSession | null {
  const [session, setSession] = useState<PageSession | null>(null);
  useEffect(() => {
    const { session: opened, release } = acquireSession(pageId, socketUrl, shareToken, userId);
    setSession(opened);
    return () => {
      release();
      setSession((current) => (current === opened ? null : current));
    };
  }, [pageId, socketUrl, shareToken, userId]);
  return session;
}
