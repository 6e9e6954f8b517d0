'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { RequireAuth } from '@/components/shell/RequireAuth';
import { Logo } from '@/components/auth/Logo';
import styles from './settings.module.css';

// Signed-in screens that live outside a workspace (account, invitations, workspace picker).
export function StandalonePage({ children, back = true }: { children: ReactNode; back?: boolean }) {
  return (
    <RequireAuth>
      <div className={styles.standalone}>
        <header className={styles.top}>
          <Logo compact />
          {back ? <Link href="/w">← Back to your workspace</Link> : null}
        </header>
        {children}
      </div>
    </RequireAuth>
  );
}
