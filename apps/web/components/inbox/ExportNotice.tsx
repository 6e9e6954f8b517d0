'use client';

import type { NotificationView } from '@tandem/protocol';
import { transferDownloadUrl } from '@/lib/api/transfers';
import { Icon } from '@/components/ui/Icon';
import styles from './inbox.module.css';

const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

// An export's notice (issue 16): ready, with its download until it expires; expired; or failed,
// with why. Not a link to a place like the other notices: its action is the download, which also
// marks it read.
export function ExportNotice({ n, onRead }: { n: NotificationView; onRead: () => void }) {
  const t = n.transfer;
  if (!t) return null;
  const name = t.fileName ?? 'export';
  const what = t.status === 'failed' ? 'Your export failed' : t.status === 'expired' ? `Your export ${name} has expired` : `Your export ${name} is ready`;
  const detail = t.status === 'failed' ? (t.error ?? 'Try again.') : t.status === 'expired' ? 'Its file was deleted. Export again to get a new one.' : t.expiresAt ? `Download it until ${date(t.expiresAt)}.` : null;
  return (
    <div className={styles.item} data-unread={!n.readAt} data-testid="inbox-item" data-kind={n.kind}>
      {n.readAt ? <span className={styles.dotRead} /> : <span className={styles.dot} aria-label="Unread" />}
      <span className={styles.badge} data-status={t.status} aria-hidden>
        <Icon name={t.status === 'failed' ? 'alert' : t.status === 'expired' ? 'history' : 'download'} size={16} />
      </span>
      <span className={styles.main}>
        <span className={styles.what}>{what}</span>
        {detail ? <span className={styles.excerpt}>{detail}</span> : null}
        <time className={styles.when} dateTime={n.createdAt}>
          {new Date(n.createdAt).toLocaleString()}
        </time>
      </span>
      {t.status === 'done' ? (
        <a className={styles.action} href={transferDownloadUrl(t.id)} download={t.fileName ?? undefined} onClick={onRead} data-testid="inbox-download">
          Download
        </a>
      ) : t.status === 'expired' ? (
        <span className={styles.expired} data-testid="inbox-expired">
          Expired
        </span>
      ) : !n.readAt ? (
        <button type="button" className={styles.action} onClick={onRead}>
          Mark read
        </button>
      ) : null}
    </div>
  );
}
