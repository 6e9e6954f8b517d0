'use client';

import { useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { COMPUTED_TYPES, type Property, PropertyType, readCell, titleProperty, visibleProperties, findProperty } from '@tandem/database';
import { setCells } from '@tandem/database/ydoc';
import { canEditDocument, type PageAccessRole } from '@tandem/protocol';
import { useMe } from '@/lib/api/account';
import { useMembers } from '@/lib/api/workspaces';
import { useRuntimeConfig } from '@/lib/collab/runtime-config';
import { DatabaseStore } from '@/lib/database/store';
import { PageTitle } from '@/components/page/PageTitle';
import { CellEditor } from './CellEditor';
import { CellView } from './CellView';
import { DatabaseProvider, useDatabase, type Person } from './DatabaseContext';
import { EditorPopover } from './EditorPopover';
import { usePageSession } from '@/lib/collab/use-page-session';
import { TYPE_GLYPHS } from './PropertyHeader';
import { undoKeys } from './undoKeys';
import { useViewScope } from './useViewScope';
import styles from './database.module.css';

const POPOVER_TYPES: ReadonlySet<string> = new Set([PropertyType.Select, PropertyType.MultiSelect, PropertyType.Status, PropertyType.Person, PropertyType.Date, PropertyType.Relation]);

/**
 * A row page's title and properties, read from and written to its database's document (the row's
 * values live there, so a view of 10,000 rows is one document). The title is the row's title cell;
 * the worker copies it to the page's title.
 */
export function RowHeader(props: { databaseId: string; rowId: string; role: PageAccessRole; workspaceId: string; pageTitle: string; editable: boolean }) {
  const config = useRuntimeConfig();
  const me = useMe();
  const fallback = <PageTitle title={props.pageTitle} readOnly onSave={() => undefined} />;
  if (config.isPending || me.isPending || !config.data) return fallback;
  const user = me.data ? { id: me.data.user.id, name: me.data.user.name } : null;
  return <RowSession {...props} user={user} socketUrl={config.data.socketUrl} fallback={fallback} />;
}

function RowSession({
  databaseId,
  rowId,
  role,
  workspaceId,
  editable,
  user,
  socketUrl,
  fallback,
}: {
  databaseId: string;
  rowId: string;
  role: PageAccessRole;
  workspaceId: string;
  editable: boolean;
  user: Person | null;
  socketUrl: string;
  fallback: React.ReactElement;
}) {
  const session = usePageSession(databaseId, socketUrl, undefined, user?.id ?? null);
  const members = useMembers(workspaceId);
  const people = useMemo<Person[]>(() => (members.data?.members ?? []).map((m) => ({ id: m.userId, name: m.name })), [members.data]);
  const store = useMemo(() => (session ? new DatabaseStore(session.doc, databaseId) : null), [session, databaseId]);
  const facts = useSyncExternalStore(session?.subscribe ?? noSubscribe, session?.getSnapshot ?? noSnapshot, session?.getSnapshot ?? noSnapshot);
  if (!session || !store || !facts?.documentReady) return fallback;
  // The row's values are the database's: editing them takes edit rights on the database too.
  const canEdit = editable && (facts.canEdit ?? canEditDocument(role));
  return (
    <DatabaseProvider doc={session.doc} databaseId={databaseId} workspaceId={workspaceId} editable={canEdit} userId={user?.id ?? null} people={people} socketUrl={socketUrl}>
      <RowFields store={store} rowId={rowId} fallback={fallback} />
    </DatabaseProvider>
  );
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;

function RowFields({ store, rowId, fallback }: { store: DatabaseStore; rowId: string; fallback: React.ReactElement }) {
  const { change, editable, undo, redo } = useDatabase();
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const row = snapshot.rows.find((r) => r.id === rowId);
  const { scope } = useViewScope(snapshot);
  const [editing, setEditing] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLDivElement>());
  if (!snapshot.ready) return fallback;
  if (!row) {
    return (
      <>
        {fallback}
        <p className={styles.empty} role="status" data-testid="row-missing">
          This row is no longer in its database.
        </p>
      </>
    );
  }
  const title = titleProperty(snapshot.schema);
  // The first view's order and visibility, so the page lists what the table shows first.
  const firstView = snapshot.views[0];
  const order = firstView ? visibleProperties(firstView, snapshot.schema) : snapshot.schema.properties.map((p) => p.id);
  const hidden = snapshot.schema.properties.filter((p) => !order.includes(p.id)).map((p) => p.id);
  const properties = [...order, ...hidden].map((id) => findProperty(snapshot.schema, id)).filter((p): p is Property => p !== undefined && p.type !== PropertyType.Title);
  const editingProperty = properties.find((p) => p.id === editing);
  // An edit ended by Enter or Tab, or a pick in a popover, leaves focus on its property, where
  // Ctrl/Cmd+Z undoes it; one ended by a click elsewhere leaves focus where the click put it.
  const endEdit = (propertyId: string, refocus: boolean) => {
    setEditing(null);
    if (refocus) refs.current.get(propertyId)?.focus();
  };

  return (
    <>
      <PageTitle
        key={rowId}
        title={readCell(title, row) as string}
        readOnly={!editable}
        onSave={(value) => change((doc, id, by) => setCells(doc, id, rowId, { [title.id]: value }, by))}
      />
      {/* Ctrl/Cmd+Z here undoes this person's last change to the row, as in the table. */}
      <div className={styles.rowProperties} data-testid="row-properties" onKeyDown={(e) => undoKeys(e, undo, redo)}>
        {properties.map((p) => {
          const canEditThis = editable && !COMPUTED_TYPES.has(p.type);
          return (
            <div key={p.id} className={styles.rowProperty} data-testid="row-property" data-property={p.name}>
              <span className={styles.rowPropertyName}>
                <span className={styles.typeGlyph} aria-hidden>
                  {TYPE_GLYPHS[p.type]}
                </span>
                {p.name}
              </span>
              <div
                ref={(el) => {
                  if (el) refs.current.set(p.id, el);
                  else refs.current.delete(p.id);
                }}
                className={styles.rowPropertyValue}
                role="button"
                tabIndex={canEditThis ? 0 : -1}
                aria-label={`${p.name}: edit`}
                aria-disabled={!canEditThis}
                onClick={() => {
                  if (!canEditThis) return;
                  if (p.type === PropertyType.Checkbox) change((doc, id, by) => setCells(doc, id, rowId, { [p.id]: readCell(p, row) !== true }, by));
                  else setEditing(p.id);
                }}
                onKeyDown={(e) => {
                  if ((e.key === 'Enter' || e.key === ' ') && canEditThis && editing !== p.id) {
                    e.preventDefault();
                    if (p.type === PropertyType.Checkbox) change((doc, id, by) => setCells(doc, id, rowId, { [p.id]: readCell(p, row) !== true }, by));
                    else setEditing(p.id);
                  }
                }}
                data-testid="row-property-value"
              >
                {editing === p.id && !POPOVER_TYPES.has(p.type) ? (
                  <CellEditor property={p} row={row} onDone={(exit) => endEdit(p.id, exit !== null)} />
                ) : (
                  <CellView property={p} row={row} scope={scope} />
                )}
              </div>
            </div>
          );
        })}
      </div>
      {editingProperty && POPOVER_TYPES.has(editingProperty.type) ? (
        <EditorPopover anchor={refs.current.get(editingProperty.id) ?? null} onClose={() => endEdit(editingProperty.id, false)}>
          <CellEditor property={editingProperty} row={row} onDone={() => endEdit(editingProperty.id, true)} />
        </EditorPopover>
      ) : null}
    </>
  );
}
