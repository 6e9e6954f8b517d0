'use client';

import Link from 'next/link';
import type { TransferView } from '@tandem/protocol';
import { transferDownloadUrl, useTransfer } from '@/lib/api/transfers';
import { IconButton } from '@/components/ui/Button';
import { Icon } from '@/components/ui/Icon';
import type { TrackedTransfer } from './TransfersProvider';
import styles from './transfers.module.css';

// The imports and exports of this tab, newest last: progress while they run, then an import's
// summary (pages, files, what was skipped and why) or an export's download link.
export function TransfersPanel({ transfers, onDismiss }: { transfers: TrackedTransfer[]; onDismiss: (key: number) => void }) {
  if (!transfers.length) return null;
  return (
    <section className={styles.panel} aria-label="Imports and exports" data-testid="transfers-panel">
      {transfers.map((t) => (
        <article key={t.key} className={styles.item} data-testid="transfer">
          <header className={styles.itemHeader}>
            <h3 className={styles.label}>{t.label}</h3>
            <IconButton label="Dismiss" onClick={() => onDismiss(t.key)}>
              <Icon name="close" size={14} />
            </IconButton>
          </header>
          {t.error ? (
            <p className={styles.error} role="alert" data-testid="transfer-error">
              {t.error}
            </p>
          ) : t.view ? (
            <TransferStatus initial={t.view} />
          ) : (
            <Progress label="Uploading…" fraction={t.upload ?? 0} />
          )}
        </article>
      ))}
    </section>
  );
}

function TransferStatus({ initial }: { initial: TransferView }) {
  const { data } = useTransfer(initial);
  const view = data ?? initial;
  switch (view.status) {
    case 'queued':
      return <Progress label="Waiting for the server…" fraction={null} />;
    case 'running':
      return <Progress label={view.progress.total ? `${view.progress.done} of ${view.progress.total} pages` : 'Reading…'} fraction={view.progress.total ? view.progress.done / view.progress.total : null} />;
    case 'failed':
      return (
        <p className={styles.error} role="alert" data-testid="transfer-error">
          {view.error ?? 'It failed. Try again.'}
        </p>
      );
    case 'done':
      return view.kind === 'export' ? <ExportDone view={view} /> : <ImportDone view={view} />;
    case 'expired':
      return (
        <p className={styles.expired} data-testid="transfer-expired">
          Expired: {view.fileName ?? 'the file'} was deleted. Export again to get a new one.
        </p>
      );
  }
}

function ExportDone({ view }: { view: TransferView }) {
  return (
    <p className={styles.done} data-testid="transfer-done">
      <Icon name="check" size={14} /> Ready.{' '}
      <a href={transferDownloadUrl(view.id)} download={view.fileName ?? undefined} data-testid="transfer-download">
        Download {view.fileName}
      </a>
    </p>
  );
}

function ImportDone({ view }: { view: TransferView }) {
  const summary = view.summary;
  if (!summary) return null;
  const first = summary.rootPageIds[0];
  return (
    <div className={styles.done} data-testid="transfer-done">
      <p>
        <Icon name="check" size={14} /> {plural(summary.pagesCreated, 'page')} created, {plural(summary.filesUploaded, 'file')} uploaded.
        {first ? (
          <>
            {' '}
            <Link href={`/w/${view.workspaceId}/p/${first}`}>Open</Link>
          </>
        ) : null}
      </p>
      {summary.skipped.length ? (
        <details className={styles.skipped} data-testid="transfer-skipped">
          <summary>{plural(summary.skipped.length, 'file')} skipped</summary>
          <ul>
            {summary.skipped.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function Progress({ label, fraction }: { label: string; fraction: number | null }) {
  return (
    <div className={styles.progress}>
      <span>{label}</span>
      <progress max={1} value={fraction ?? undefined} aria-label={label} />
    </div>
  );
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;
