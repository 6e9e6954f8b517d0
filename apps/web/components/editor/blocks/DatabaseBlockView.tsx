'use client';

import { useState } from 'react';
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import type { DatabaseBlockAttributes } from '@tandem/editor';
import { type PageAccessRole, roleAtLeast } from '@tandem/protocol';
import { ApiRequestError } from '@/lib/api/client';
import { usePage, useUpdatePage } from '@/lib/api/pages';
import { InlineDatabase } from '@/components/database/InlineDatabase';
import { Button } from '@/components/ui/Button';
import { PageAnchor } from './PageAnchor';
import styles from './blocks.module.css';

// Marks the part of the block whose events are the database's own (typing in cells, the grid's
// keys, board drags): ProseMirror leaves them alone. The frame around it stays a block that
// ProseMirror selects, drags and deletes.
export const DATABASE_BLOCK_CONTENT = 'data-database-block-content';

/**
 * An inline database or a linked view of one: its title and "Open as full page", then its views
 * through the database page's own session. What the reader may see is the server's answer for
 * the database page, not the page around it: no access, or a trashed database, shows a
 * placeholder the editors of this page can remove (the database itself stays where it is).
 */
export function DatabaseBlockView({ node, editor, updateAttributes, deleteNode, selected }: ReactNodeViewProps) {
  const { databaseId, workspaceId, viewId, title } = node.attrs as DatabaseBlockAttributes;
  const detail = usePage(databaseId);
  // A reader who cannot edit this page still picks a tab for themselves (kept while it shows).
  const [ownViewId, setOwnViewId] = useState<string | null>(null);
  const pageEditable = editor.isEditable;
  const page = detail.data?.page;
  const noAccess = detail.error instanceof ApiRequestError && (detail.error.status === 403 || detail.error.status === 404);

  // Offline (or the server unreachable) the database still opens from this device's copy, as its
  // own page would; the session's join says what the person may do once it can.
  const unreachable = !noAccess && !page && (detail.fetchStatus === 'paused' || detail.isError);
  const views = (role: PageAccessRole) => (
    <div className={styles.databaseBlockBody}>
      <InlineDatabase
        databaseId={databaseId}
        workspaceId={workspaceId}
        role={role}
        viewId={pageEditable ? viewId : (ownViewId ?? viewId)}
        onViewChange={(next) => (pageEditable ? updateAttributes({ viewId: next }) : setOwnViewId(next))}
      />
    </div>
  );

  let body;
  if (noAccess || (page && page.kind !== 'database'))
    body = <Placeholder title={title} text="No access to this database" detail="It was not shared with you, or it no longer exists." onRemove={pageEditable ? deleteNode : undefined} />;
  else if (page?.deletedAt) body = <Placeholder title={page.title || title} text="This database was deleted" detail="It is in the trash, where it can be restored." onRemove={pageEditable ? deleteNode : undefined} />;
  else if (page)
    body = (
      <>
        <DatabaseTitle
          workspaceId={workspaceId}
          databaseId={databaseId}
          title={page.title}
          editable={roleAtLeast(page.role, 'editor') && !page.locked}
          // The stored title is what exports and the history preview show: keep it current when it
          // is renamed here (by an editor of this page; others' renames show live but are not written).
          onRenamed={(next) => (pageEditable ? updateAttributes({ title: next }) : undefined)}
        />
        {views(page.role)}
      </>
    );
  else if (unreachable)
    body = (
      <>
        <DatabaseTitle workspaceId={workspaceId} databaseId={databaseId} title={title} editable={false} onRenamed={() => undefined} />
        {views(pageEditable ? 'editor' : 'viewer')}
      </>
    );
  else body = <p className={styles.databaseBlockNote}>Loading the database…</p>;

  return (
    <NodeViewWrapper className={`${styles.databaseBlock} ${selected ? styles.databaseBlockSelected : ''}`} data-testid="database-block" data-database-id={databaseId} contentEditable={false}>
      <div {...{ [DATABASE_BLOCK_CONTENT]: '' }}>
        {body}
      </div>
    </NodeViewWrapper>
  );
}

function DatabaseTitle({ workspaceId, databaseId, title, editable, onRenamed }: { workspaceId: string; databaseId: string; title: string; editable: boolean; onRenamed: (title: string) => void }) {
  const update = useUpdatePage(workspaceId);
  const [draft, setDraft] = useState<string | null>(null);
  const save = () => {
    const next = draft?.trim();
    setDraft(null);
    if (next === undefined || next === title) return;
    update.mutate({ pageId: databaseId, title: next }, { onSuccess: (page) => onRenamed(page.title) });
  };
  return (
    <div className={styles.databaseBlockHead}>
      {editable ? (
        <input
          className={styles.databaseBlockTitle}
          aria-label="Database title"
          placeholder="Untitled database"
          maxLength={500}
          value={draft ?? title}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={save}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
            if (event.key === 'Escape') {
              setDraft(null);
              event.currentTarget.blur();
            }
          }}
          data-testid="database-block-title"
        />
      ) : (
        <span className={styles.databaseBlockTitle} data-testid="database-block-title">
          {title || 'Untitled database'}
        </span>
      )}
      <span className={styles.databaseBlockOpen}>
        <PageAnchor workspaceId={workspaceId} pageId={databaseId}>
          Open as full page ↗
        </PageAnchor>
      </span>
    </div>
  );
}

// The stored title is this page's own text (the reader sees it in an export anyway); the live
// title of a database the reader cannot open is never asked for.
function Placeholder({ title, text, detail, onRemove }: { title: string; text: string; detail: string; onRemove?: () => void }) {
  return (
    <div className={styles.databaseBlockPlaceholder} role="status" data-testid="database-block-placeholder">
      <span aria-hidden>▦</span>
      <div>
        <p className={styles.databaseBlockPlaceholderText}>
          {text}
          {title ? <span className={styles.databaseBlockNote}> · {title}</span> : null}
        </p>
        <p className={styles.databaseBlockNote}>{detail}</p>
      </div>
      {onRemove ? (
        <Button size="small" variant="ghost" onClick={onRemove} data-testid="database-block-remove">
          Remove block
        </Button>
      ) : null}
    </div>
  );
}
