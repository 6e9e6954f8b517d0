'use client';

import { CollabConnection } from '@tandem/collab-client';
import { fetchSocketToken } from '../api/account';

interface Entry {
  connection: CollabConnection;
  users: number;
}

const pool = new Map<string, Entry>();

// One Socket.IO connection per tab and identity, shared by the page tree's live updates and the
// open page: the server keeps state per connection, and two sockets per person cost it twice.
// A public link's reader gets a connection of its own (its token is the link's). Reference-counted:
// the last `release` closes it.
export function acquireConnection(socketUrl: string, shareToken?: string): { connection: CollabConnection; release: () => void } {
  const key = `${socketUrl}\n${shareToken ?? ''}`;
  let entry = pool.get(key);
  if (!entry) {
    entry = { connection: new CollabConnection({ url: socketUrl, token: () => fetchSocketToken(shareToken) }), users: 0 };
    pool.set(key, entry);
  }
  const held = entry;
  held.users += 1;
  let released = false;
  return {
    connection: held.connection,
    release: () => {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      pool.delete(key);
      held.connection.destroy();
    },
  };
}
