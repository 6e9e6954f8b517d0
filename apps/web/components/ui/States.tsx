import type { ReactNode } from 'react';
import { ApiRequestError, UNREACHABLE } from '@/lib/api';
import styles from './ui.module.css';
import { Icon, type IconName } from './Icon';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className={styles.loading} role="status">
      <span className={styles.spinner} aria-hidden />
      {label}
    </div>
  );
}

export function StateMessage({ icon, title, children, actions, testId }: { icon: IconName; title: string; children?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <div className={styles.state} data-testid={testId}>
      <div className={styles.stateIcon}>
        <Icon name={icon} size={40} strokeWidth={1.4} />
      </div>
      <h1 className={styles.stateTitle}>{title}</h1>
      {children ? <p className={styles.stateText}>{children}</p> : null}
      {actions ? <div className={styles.stateActions}>{actions}</div> : null}
    </div>
  );
}

// The one rendering of a failed load: not found, no access, server unreachable, or anything else.
export function ErrorState({ error, what = 'page', actions }: { error: unknown; what?: string; actions?: ReactNode }) {
  const code = error instanceof ApiRequestError ? error.code : undefined;
  const status = error instanceof ApiRequestError ? error.status : undefined;
  if (code === 'not_found' || status === 404) {
    return (
      <StateMessage icon="search" title={`This ${what} does not exist`} testId="state-not-found" actions={actions}>
        It may have been deleted, or the link is wrong.
      </StateMessage>
    );
  }
  if (code === 'forbidden' || status === 403) {
    return (
      <StateMessage icon="lock" title={`You don’t have access to this ${what}`} testId="state-forbidden" actions={actions}>
        Ask someone with full access to share it with you.
      </StateMessage>
    );
  }
  if (code === UNREACHABLE || code === 'service_unavailable' || status === 502 || status === 503) {
    return (
      <StateMessage icon="offline" title="Can’t reach Tandem" testId="state-unreachable" actions={actions}>
        The server cannot be reached right now. We’ll keep trying; check your connection.
      </StateMessage>
    );
  }
  return (
    <StateMessage icon="alert" title="Something went wrong" testId="state-error" actions={actions}>
      {error instanceof Error ? error.message : 'An unexpected error happened.'}
    </StateMessage>
  );
}
