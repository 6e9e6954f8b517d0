'use client';

import { PageSession } from './page-session';
import { acquireConnection } from './shared-connection';

interface Entry {
  session: PageSession;
  releaseConnection: () => void;
  users: number;
}

const pool = new Map<string, Entry>();

// One session per page, identity and tab: a connection carries one provider per page, and a page
// may show one database twice (two linked views) or a database the page around it also holds.
// Everyone showing the page shares its document, offline copy and status. Reference-counted: the
// last `release` closes the session and lets go of the connection.
export function acquireSession(pageId: string, socketUrl: string, shareToken: string | undefined, userId: string | null): { session: PageSession; release: () => void } {
  const key = [pageId, socketUrl, shareToken ?? '', userId ?? ''].join('\n');
  let entry = pool.get(key);
  if (!entry) {
    const { connection, release } = acquireConnection(socketUrl, shareToken);
    entry = { session: new PageSession({ pageId, connection, userId }), releaseConnection: release, users: 0 };
    pool.set(key, entry);
  }
  const held = entry;
  held.users += 1;
  let released = false;
  return {
    session: held.session,
    release: () => {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      pool.delete(key);
      held.session.close();
      held.releaseConnection();
    },
  };
}
