'use client';

import { useMemo, useState, type CSSProperties } from 'react';
import { comparedDocument } from '@tandem/editor';
import type { DocumentJSON, VersionView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { useRenameVersion, useRestoreVersion, useVersion, useVersionDiff } from '@/lib/api/versions';
import { Avatar } from '@/components/ui/Avatar';
import { distinctColors } from '@/lib/colors';
import { Button, IconButton } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Field, FormError } from '@/components/ui/Field';
import { Icon } from '@/components/ui/Icon';
import { ErrorState, Loading } from '@/components/ui/States';
import { useToast } from '@/components/ui/Toast';
import { formatDateTime, KIND_LABEL } from './HistoryPanel';
import { ReadOnlyDocument } from './ReadOnlyDocument';
import { DatabaseVersionCompare } from './DatabaseCompare';
import { VersionDatabase } from './VersionDatabase';
import styles from './history.module.css';

type Compare = 'off' | 'current' | 'previous';

const LEGEND = {
  current: { added: 'Only in this version', removed: 'Only in the current page' },
  previous: { added: 'Added in this version', removed: 'Removed in this version' },
} as const;

// One version, read-only in the page's own look; a compare toggle (against the current page or the
// version before it) and, for editors, restore with a confirmation. A database page's version shows
// its database (and its body, if it had one), and compares its rows and properties.
export function VersionPreview({
  pageId,
  workspaceId,
  database,
  version,
  canEdit,
  onBack,
  onRestored,
  onRenamed,
}: {
  pageId: string;
  workspaceId: string;
  // Whether the page is a database.
  database: boolean;
  version: VersionView;
  canEdit: boolean;
  onBack: () => void;
  onRestored: () => void;
  onRenamed: (version: VersionView) => void;
}) {
  const [compare, setCompare] = useState<Compare>('off');
  const [confirming, setConfirming] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const detail = useVersion(pageId, version.id);
  // A database page's compare is of its rows (DatabaseVersionCompare), not of its body.
  const diff = useVersionDiff(pageId, version.id, compare === 'off' || database ? null : compare);
  const shown = useMemo(() => (diff.data ? comparedDocument(diff.data.blocks) : null), [diff.data]);
  const people = version.authors.length ? version.authors : version.createdBy ? [version.createdBy] : [];
  // Each change is coloured by whoever wrote it (the server reads it from the edits' editor ids).
  const writers = compare !== 'off' ? (diff.data?.writers ?? []) : [];
  // Two writers must never share a colour in one compare (each person's own colour is a hash).
  const colors = useMemo(() => distinctColors((diff.data?.writers ?? []).map((w) => w.id)), [diff.data]);
  const colorOf = useMemo(() => (id: string) => colors.get(id) ?? 'currentColor', [colors]);

  return (
    <div className={styles.preview} data-testid="version-preview-pane">
      <header className={styles.previewHeader}>
        <IconButton label="Back to all versions" onClick={onBack} data-testid="version-back">
          <Icon name="chevronRight" className={styles.back} />
        </IconButton>
        <div className={styles.previewTitle}>
          <h2 className={styles.panelTitle}>{version.name ?? KIND_LABEL[version.kind]}</h2>
          <span className={styles.previewMeta}>
            {formatDateTime(version.createdAt)}
            {people.length ? ` · ${people.map((p) => p.name).join(', ')}` : ''}
          </span>
        </div>
        {canEdit ? (
          <IconButton label={version.name ? 'Rename version' : 'Name this version (keeps it)'} onClick={() => setRenaming(true)} data-testid="rename-version">
            <Icon name="pencil" size={14} />
          </IconButton>
        ) : null}
        <span className={styles.authors} aria-hidden>
          {people.slice(0, 4).map((p) => (
            <span key={p.id} className={styles.author}>
              <Avatar id={p.id} name={p.name} size={22} />
            </span>
          ))}
        </span>
      </header>
      <div className={styles.toolbar}>
        <fieldset className={styles.segmented} data-testid="compare-toggle">
          <legend className="visually-hidden">Compare</legend>
          {(['off', 'current', 'previous'] as const).map((value) => (
            <label key={value} className={styles.segment} data-checked={compare === value}>
              <input type="radio" name="compare" value={value} checked={compare === value} onChange={() => setCompare(value)} data-testid={`compare-${value}`} />
              {value === 'off' ? 'Preview' : value === 'current' ? 'Compare with current' : 'Compare with previous'}
            </label>
          ))}
        </fieldset>
        {canEdit ? (
          <Button size="small" variant="primary" onClick={() => setConfirming(true)} data-testid="restore-version">
            <Icon name="restore" size={14} /> Restore
          </Button>
        ) : null}
      </div>
      {compare !== 'off' && diff.data && !database ? (
        <p className={styles.legend} data-testid="compare-legend">
          <span className={styles.legendAdded}>{LEGEND[compare].added}</span>
          <span className={styles.legendRemoved}>{LEGEND[compare].removed}</span>
          {writers.map((w) => (
            <span key={w.id} className={styles.legendWriter} style={{ '--diff-author': colorOf(w.id) } as CSSProperties} data-testid="compare-writer">
              {w.name}
            </span>
          ))}
          <span className={styles.legendStats}>
            {diff.data.stats.added + diff.data.stats.changed + diff.data.stats.removed === 0
              ? 'No differences'
              : `${diff.data.stats.changed} changed · ${diff.data.stats.added} added · ${diff.data.stats.removed} removed`}
          </span>
        </p>
      ) : null}
      <div className={styles.previewBody}>
        {compare === 'off' ? (
          detail.isPending ? (
            <Loading label="Opening the version…" />
          ) : detail.isError ? (
            <ErrorState error={detail.error} what="version" />
          ) : detail.data.database ? (
            <>
              <VersionDatabase pageId={pageId} workspaceId={workspaceId} database={detail.data.database} />
              {hasText(detail.data.content) ? <ReadOnlyDocument content={detail.data.content} label="Version content" /> : null}
            </>
          ) : (
            <ReadOnlyDocument content={detail.data.content} label="Version content" />
          )
        ) : database ? (
          <DatabaseVersionCompare key={compare} pageId={pageId} workspaceId={workspaceId} versionId={version.id} against={compare} />
        ) : diff.isPending ? (
          <Loading label="Comparing…" />
        ) : diff.isError ? (
          <ErrorState error={diff.error} what="version" />
        ) : (
          <ReadOnlyDocument key={compare} content={shown!.doc} diff={shown!.blocks} colorOf={colorOf} label="Changes" />
        )}
      </div>
      <RestoreDialog pageId={pageId} version={version} open={confirming} onClose={() => setConfirming(false)} onRestored={onRestored} />
      <RenameDialog pageId={pageId} version={version} open={renaming} onClose={() => setRenaming(false)} onRenamed={onRenamed} />
    </div>
  );
}

// Whether a body holds any text or other block (a database page's body is often one empty paragraph).
function hasText(content: DocumentJSON): boolean {
  return (content.content ?? []).some((block) => block.type !== 'paragraph' || (block.content?.length ?? 0) > 0);
}

// Naming an automatic version also keeps it for good (automatic ones are pruned).
function RenameDialog({ pageId, version, open, onClose, onRenamed }: { pageId: string; version: VersionView; open: boolean; onClose: () => void; onRenamed: (v: VersionView) => void }) {
  const rename = useRenameVersion(pageId);
  const [name, setName] = useState(version.name ?? '');
  const close = () => {
    rename.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={version.name ? 'Rename version' : 'Name this version'}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          rename.mutate({ versionId: version.id, name: name.trim() }, {
            onSuccess: (renamed) => {
              close();
              onRenamed(renamed);
            },
          });
        }}
      >
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus data-testid="rename-version-name" />
        <FormError message={rename.isError ? errorMessage(rename.error) : null} />
        <div className={styles.dialogActions}>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!name.trim() || rename.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function RestoreDialog({ pageId, version, open, onClose, onRestored }: { pageId: string; version: VersionView; open: boolean; onClose: () => void; onRestored: () => void }) {
  const restore = useRestoreVersion(pageId);
  const toast = useToast();
  const close = () => {
    restore.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="Restore this version?">
      <p className={styles.dialogText}>
        The page changes to this version for everyone who has it open. Nothing is lost: the current page is saved first as a “before restore”
        version, so you can undo this from the history.
      </p>
      <FormError message={restore.isError ? errorMessage(restore.error) : null} />
      <div className={styles.dialogActions}>
        <Button onClick={close}>Cancel</Button>
        <Button
          variant="primary"
          disabled={restore.isPending}
          data-testid="restore-confirm"
          onClick={() =>
            restore.mutate(version.id, {
              onSuccess: () => {
                close();
                toast('Version restored');
                onRestored();
              },
            })
          }
        >
          {restore.isPending ? 'Restoring…' : 'Restore'}
        </Button>
      </div>
    </Dialog>
  );
}
