'use client';

import type { ReactNode } from 'react';
import { useMe } from '@/lib/api/account';
import { useRuntimeConfig } from '@/lib/collab/runtime-config';
import { EditorSkeleton } from './CollaborativeEditor';
import styles from './editor.module.css';

export type SessionUser = { id: string; name: string } | null;

/**
 * What a page's live body (the editor or a database's views) needs before it opens a session: the
 * app's runtime settings and, for a signed-in person, who they are. A public link opens anonymous.
 */
export function SessionGate({ shareToken, failure, children }: { shareToken?: string; failure: string; children: (user: SessionUser, socketUrl: string) => ReactNode }) {
  const config = useRuntimeConfig();
  const me = useMe();
  const anonymous = shareToken !== undefined;
  if (config.isPending || (!anonymous && me.isPending)) return <EditorSkeleton />;
  if (config.isError) {
    return (
      <p className={styles.notice} role="alert">
        {failure}
      </p>
    );
  }
  // If /auth/me failed, open without a local copy rather than not at all; the socket says what is allowed.
  const user: SessionUser = anonymous || !me.data ? null : { id: me.data.user.id, name: me.data.user.name };
  return <>{children(user, config.data.socketUrl)}</>;
}
