'use client';

import { useEffect, useState } from 'react';
import { PageSession } from './page-session';
import { acquireConnection } from './shared-connection';

// A page's session (document, offline copy, provider) for as long as the component shows the page,
// on the tab's one connection (the page tree's live updates use it too). One offline copy per
// person and page; a public-link reader (`userId` null) keeps nothing on the device.
export function usePageSession(pageId: string, socketUrl: string, shareToken: string | undefined, userId: string | null): PageSession | null {
  const [session, setSession] = useState<PageSession | null>(null);
  useEffect(() => {
    const { connection, release } = acquireConnection(socketUrl, shareToken);
    const opened = new PageSession({ pageId, connection, userId });
    setSession(opened);
    return () => {
      opened.close();
      release();
      setSession((current) => (current === opened ? null : current));
    };
  }, [pageId, socketUrl, shareToken, userId]);
  return session;
}
