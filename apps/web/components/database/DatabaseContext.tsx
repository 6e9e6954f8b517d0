'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Editor } from '@tandem/database/ydoc';
import { databaseUndoManager, DatabaseDocError, readSchema, readViews, updateView } from '@tandem/database/ydoc';
import type { DatabaseSchema, View } from '@tandem/database';
import { cleanView } from '@/lib/database/views';
import { acquireSession } from '@/lib/collab/shared-sessions';
import { RelatedDatabases } from '@/lib/database/related';
import type * as Y from 'yjs';
import type { CollabProvider } from '@tandem/collab-client';
import { useToast } from '@/components/ui/Toast';

export interface Person {
  id: string;
  name: string;
}

export interface DatabaseActions {
  doc: Y.Doc;
  databaseId: string;
  workspaceId: string | undefined;
  editable: boolean;
  userId: string | null;
  // Workspace members, for person cells and "Created by" (empty for a public link's reader).
  people: Person[];
  personName: (id: string) => string | undefined;
  // Run a change through @tandem/database/ydoc as this person, now. A change the core refuses
  // (a duplicate name, a value that does not fit) changes nothing and is shown, not thrown.
  change: (write: (doc: Y.Doc, databaseId: string, by: Editor) => void) => boolean;
  // Save a view (shared), dropping references to properties someone deleted meanwhile.
  saveView: (view: View) => boolean;
  // Edit a view as it is in the document now (not as this render saw it), so two people changing
  // different things of one view (a width here, a sort there) both keep their change.
  editView: (viewId: string, edit: (view: View, schema: DatabaseSchema) => View) => boolean;
  // Undo or redo this person's own last change to the database (others' edits are never undone).
  undo: () => void;
  redo: () => void;
  // Open a row as its page (absent where rows cannot be opened, e.g. a public link).
  openRow?: (rowId: string) => void;
  // The page's awareness, where each person's active cell travels (absent: not shown).
  awareness?: NonNullable<CollabProvider['awareness']>;
  // The databases this one's relations point at, live (relations.ts / related.ts).
  related: RelatedDatabases;
}

const Context = createContext<DatabaseActions | null>(null);

export function DatabaseProvider({
  doc,
  databaseId,
  workspaceId,
  editable,
  userId,
  people,
  openRow,
  awareness,
  socketUrl,
  shareToken,
  children,
}: Omit<DatabaseActions, 'change' | 'saveView' | 'editView' | 'personName' | 'related' | 'undo' | 'redo'> & { socketUrl: string; shareToken?: string; children: ReactNode }) {
  const toast = useToast();
  const related = useRelatedDatabases(socketUrl, shareToken, userId);
  // This person's writes carry this origin, which is what the undo manager tracks: remote updates
  // (the provider's origin) and the undo manager's own replays are not this person's new edits.
  const origin = useMemo(() => ({ databaseEdit: databaseId }), [databaseId]);
  const history = useMemo(() => databaseUndoManager(doc, origin), [doc, origin]);
  useEffect(() => () => history.destroy(), [history]);
  const change = useCallback<DatabaseActions['change']>(
    (write) => {
      if (!editable) return false;
      try {
        doc.transact(() => write(doc, databaseId, { userId: userId ?? 'anonymous', now: new Date().toISOString() }), origin);
        // One change, one undo step (Yjs would otherwise merge changes made within 500 ms).
        history.stopCapturing();
        return true;
      } catch (err) {
        if (!(err instanceof DatabaseDocError)) throw err;
        toast(err.message.charAt(0).toUpperCase() + err.message.slice(1), 'error');
        return false;
      }
    },
    [doc, databaseId, editable, userId, toast, origin, history],
  );
  const undo = useCallback(() => {
    if (editable) history.undo();
  }, [editable, history]);
  const redo = useCallback(() => {
    if (editable) history.redo();
  }, [editable, history]);
  const saveView = useCallback((view: View) => change((d, id) => updateView(d, id, cleanView(view, readSchema(d, id)))), [change]);
  const editView = useCallback<DatabaseActions['editView']>(
    (viewId, edit) =>
      change((d, id) => {
        const current = readViews(d).find((v) => v.id === viewId);
        if (!current) return;
        const schema = readSchema(d, id);
        updateView(d, id, cleanView(edit(current, schema), schema));
      }),
    [change],
  );
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  const value = useMemo<DatabaseActions>(
    () => ({ doc, databaseId, workspaceId, editable, userId, people, personName: (id) => names.get(id), change, saveView, editView, undo, redo, openRow, awareness, related }),
    [doc, databaseId, workspaceId, editable, userId, people, names, change, saveView, editView, undo, redo, openRow, awareness, related],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useDatabase(): DatabaseActions {
  const value = useContext(Context);
  if (!value) throw new Error('useDatabase outside a DatabaseProvider');
  return value;
}

// One set of related databases per open database; each is the tab's shared session of that page
// (acquireSession: a connection carries one provider per page, and the related database may also
// be open in the page or a block beside this one), closed with the view. Unlisted: reading a
// related database does not put this person on its presence.
function useRelatedDatabases(socketUrl: string, shareToken: string | undefined, userId: string | null): RelatedDatabases {
  const [related] = useState(
    () =>
      new RelatedDatabases((pageId) => {
        const { session, release } = acquireSession(pageId, socketUrl, shareToken, userId, false);
        return { session, close: release };
      }),
  );
  useEffect(() => () => related.close(), [related]);
  return related;
}
