'use client';

import type { Pill } from '@/lib/collab/status';
import styles from './editor.module.css';

// Tells the truth about where the person's edits are: only "Saved" once Postgres has them.
export function StatusPill({ pill }: { pill: Pill }) {
  return (
    <span className={styles.pill} data-state={pill.state} data-testid="save-status" role="status" aria-live="polite" title={pill.detail}>
      <span className={styles.dot} aria-hidden />
      {pill.label}
      <span className="visually-hidden">. {pill.detail}</span>
    </span>
  );
}
