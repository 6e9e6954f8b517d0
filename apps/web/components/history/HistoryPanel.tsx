'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import type { VersionView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { useSaveVersion, useVersions } from '@/lib/api/versions';
import { Avatar } from '@/components/ui/Avatar';
import { Button, IconButton } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field, FormError } from '@/components/ui/Field';
import { Icon } from '@/components/ui/Icon';
import { ErrorState, Loading } from '@/components/ui/States';
import { useHistoryLive } from './useHistoryLive';
import { VersionPreview } from './VersionPreview';
import styles from './history.module.css';

export const KIND_LABEL = { automatic: 'Automatic', named: 'Named', before_restore: 'Before restore' } as const;

// The page's version history: newest first, grouped by day, loading more on scroll; a version opens
// its preview (with compare and restore). Editors and better save named versions.
export function HistoryPanel({ pageId, workspaceId, database, canEdit, onClose }: { pageId: string; workspaceId: string; database: boolean; canEdit: boolean; onClose: () => void }) {
  const versions = useVersions(pageId);
  useHistoryLive(pageId, true);
  const [selected, setSelected] = useState<VersionView | null>(null);
  const [saving, setSaving] = useState(false);
  const all = useMemo(() => versions.data?.pages.flatMap((p) => p.versions) ?? [], [versions.data]);

  // Infinite scroll: the sentinel after the last version asks for the next page when it shows.
  const sentinel = useRef<HTMLLIElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = versions;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, all.length]);

  return (
    <aside className={`${styles.panel} ${selected ? styles.wide : ''}`} aria-label="Version history" data-testid="history-panel">
      {selected ? (
        <VersionPreview pageId={pageId} workspaceId={workspaceId} database={database} version={selected} canEdit={canEdit} onBack={() => setSelected(null)} onRestored={() => setSelected(null)} onRenamed={setSelected} />
      ) : (
        <>
          <header className={styles.panelHeader}>
            <h2 className={styles.panelTitle}>Version history</h2>
            {canEdit ? (
              <Button size="small" onClick={() => setSaving(true)} data-testid="save-version">
                Save version…
              </Button>
            ) : null}
            <IconButton label="Close history" onClick={onClose}>
              <Icon name="close" />
            </IconButton>
          </header>
          {versions.isPending ? (
            <Loading label="Loading versions…" />
          ) : versions.isError ? (
            <ErrorState error={versions.error} />
          ) : all.length === 0 ? (
            <p className={styles.empty}>No versions yet. Tandem saves one automatically as the page changes{canEdit ? ', or save one now with a name' : ''}.</p>
          ) : (
            <ol className={styles.days} data-testid="version-list">
              {byDay(all).map(([day, items]) => (
                <li key={day}>
                  <h3 className={styles.day}>{day}</h3>
                  <ul className={styles.versions}>
                    {items.map((v) => (
                      <li key={v.id}>
                        <VersionRow version={v} onOpen={() => setSelected(v)} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
              <li ref={sentinel} className={styles.more} aria-hidden={!isFetchingNextPage}>
                {isFetchingNextPage ? 'Loading more…' : null}
              </li>
            </ol>
          )}
        </>
      )}
      <SaveVersionDialog pageId={pageId} open={saving} onClose={() => setSaving(false)} />
    </aside>
  );
}

function VersionRow({ version, onOpen }: { version: VersionView; onOpen: () => void }) {
  const people = version.authors.length ? version.authors : version.createdBy ? [version.createdBy] : [];
  return (
    <button type="button" className={styles.version} onClick={onOpen} data-testid="version-item" data-kind={version.kind}>
      <span className={styles.versionMain}>
        <span className={styles.versionTime}>{formatTime(version.createdAt)}</span>
        {version.name || version.kind === 'automatic' ? <span className={styles.versionName}>{version.name ?? KIND_LABEL.automatic}</span> : null}
        {version.kind !== 'automatic' ? (
          <span className={styles.kind} data-kind={version.kind}>
            {KIND_LABEL[version.kind]}
          </span>
        ) : null}
      </span>
      <span className={styles.authors} aria-label={people.length ? `Edited by ${people.map((p) => p.name).join(', ')}` : 'No recorded authors'}>
        {people.slice(0, 4).map((p) => (
          <span key={p.id} title={p.name} className={styles.author}>
            <Avatar id={p.id} name={p.name} size={20} />
          </span>
        ))}
        {people.length > 4 ? <span className={styles.authorMore}>+{people.length - 4}</span> : null}
      </span>
    </button>
  );
}

function SaveVersionDialog({ pageId, open, onClose }: { pageId: string; open: boolean; onClose: () => void }) {
  const save = useSaveVersion(pageId);
  const [name, setName] = useState('');
  const close = () => {
    setName('');
    save.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="Save version">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          save.mutate(name.trim(), { onSuccess: close });
        }}
      >
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus placeholder="e.g. Sent for review" data-testid="version-name" />
        <FormError message={save.isError ? errorMessage(save.error) : null} />
        <div className={styles.dialogActions}>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!name.trim() || save.isPending} data-testid="save-version-submit">
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return `${dayLabel(new Date(iso))}, ${formatTime(iso)}`;
}

function dayLabel(date: Date): string {
  const today = new Date();
  const yesterday = new Date(today);
  yesterday.setDate(today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return dayFormat.format(date);
}

// Versions come newest first; consecutive ones of one local day form a group.
function byDay(versions: readonly VersionView[]): Array<[string, VersionView[]]> {
  const groups: Array<[string, VersionView[]]> = [];
  for (const v of versions) {
    const day = dayLabel(new Date(v.createdAt));
    const last = groups.at(-1);
    if (last && last[0] === day) last[1].push(v);
    else groups.push([day, [v]]);
  }
  return groups;
}
