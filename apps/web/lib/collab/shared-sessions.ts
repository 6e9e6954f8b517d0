'use client';

import { PageSession } from './page-session';
import { acquireConnection } from './shared-connection';

interface Entry {
  session: PageSession;
  releaseConnection: () => void;
  users: number;
  // Holders showing the page to the person (not only reading it for another page's relation).
  listedUsers: number;
}

const pool = new Map<string, Entry>();

// One session per page, identity and tab: a connection carries one provider per page, and a page
// may show one database twice (two linked views) or a database the page around it also holds.
// Everyone showing the page shares its document, offline copy and status. Reference-counted: the
// last `release` closes the session and lets go of the connection. `listed: false` (a related
// database loaded for a relation): the person is on the page's presence only while some holder
// shows it to them.
export function acquireSession(pageId: string, socketUrl: string, shareToken: string | undefined, userId: string | null, listed = true): { session: PageSession; release: () => void } {
  const key = [pageId, socketUrl, shareToken ?? '', userId ?? ''].join('\n');
  let entry = pool.get(key);
  if (!entry) {
    const { connection, release } = acquireConnection(socketUrl, shareToken);
    entry = { session: new PageSession({ pageId, connection, userId, listed }), releaseConnection: release, users: 0, listedUsers: 0 };
    pool.set(key, entry);
  }
  const held = entry;
  held.users += 1;
  if (listed && ++held.listedUsers === 1) held.session.provider.setListed(true);
  let released = false;
  return {
    session: held.session,
    release: () => {
      if (released) return;
      released = true;
      held.users -= 1;
      if (listed && --held.listedUsers === 0 && held.users > 0) held.session.provider.setListed(false);
      if (held.users > 0) return;
      pool.delete(key);
      held.session.close();
      held.releaseConnection();
    },
  };
}
