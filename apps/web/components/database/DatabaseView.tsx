'use client';

import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { canEditDocument, isPermanent, type PageAccessRole, type PresenceEntry } from '@tandem/protocol';
import type { Collaborator } from '@tandem/editor';
import { colorFor } from '@/lib/colors';
import { useMembers } from '@/lib/api/workspaces';
import { PageSession } from '@/lib/collab/page-session';
import { usePageSession } from '@/lib/collab/use-page-session';
import { pillFor, shouldWarnBeforeUnload } from '@/lib/collab/status';
import { DatabaseStore } from '@/lib/database/store';
import { EditorSkeleton } from '@/components/editor/CollaborativeEditor';
import { SessionGate } from '@/components/editor/SessionGate';
import { PresenceBar } from '@/components/editor/PresenceBar';
import { StatusPill } from '@/components/editor/StatusPill';
import editorStyles from '@/components/editor/editor.module.css';
import { DatabaseBody } from './DatabaseBody';
import { DatabasePreview } from './DatabasePreview';
import { DatabaseProvider, type Person } from './DatabaseContext';
import styles from './database.module.css';
import { useWarnBeforeUnload } from '@/components/editor/useWarnBeforeUnload';
import { PageInfo } from '@/components/editor/PageInfo';

export interface DatabaseViewProps {
  pageId: string;
  role: PageAccessRole;
  workspaceId?: string;
  shareToken?: string;
  locked?: boolean;
  menu?: ReactNode;
  openRow?: (rowId: string) => void;
}

/**
 * A database page's body: the page's own Yjs document, through the same session as the editor
 * (IndexedDB copy, provider, "Saved" pill, presence), shown as views instead of rich text.
 * Mount it with `key={pageId}`.
 */
export function DatabaseView(props: DatabaseViewProps) {
  return (
    <SessionGate shareToken={props.shareToken} failure="The database could not open: the app’s settings did not load. Check your connection and reload.">
      {(user, socketUrl) => <DatabaseSession {...props} user={user} socketUrl={socketUrl} />}
    </SessionGate>
  );
}

function DatabaseSession(props: DatabaseViewProps & { user: Person | null; socketUrl: string }) {
  const session = usePageSession(props.pageId, props.socketUrl, props.shareToken, props.user?.id ?? null);
  if (!session) return <EditorSkeleton />;
  return <LiveDatabase key={session.doc.guid} session={session} {...props} />;
}

function LiveDatabase({ session, role, user, pageId, workspaceId, locked, menu, openRow, socketUrl, shareToken }: DatabaseViewProps & { session: PageSession; user: Person | null; socketUrl: string }) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const mayEdit = snapshot.canEdit ?? canEditDocument(role);
  const editable = mayEdit && !locked;
  const pill = pillFor(snapshot.facts, !mayEdit);
  const store = useMemo(() => new DatabaseStore(session.doc, pageId), [session.doc, pageId]);
  const people = useMemberPeople(workspaceId);
  const collaborators = usePresence(session, user);
  useWarnBeforeUnload(shouldWarnBeforeUnload(snapshot.facts));

  return (
    <div className={styles.root} data-testid="database-root" data-editable={editable}>
      <div className={editorStyles.bar}>
        <PresenceBar people={pill.state === 'offline' ? [] : collaborators} onJump={() => undefined} />
        <StatusPill pill={pill} />
        {menu ? (
          <PageInfo editor={null} textStats={false}>
            {menu}
          </PageInfo>
        ) : null}
      </div>
      {snapshot.error && isPermanent(snapshot.error.code) && (
        <p className={editorStyles.notice} role="alert" data-testid="editor-error">
          {snapshot.error.message}
        </p>
      )}
      {snapshot.documentReady ? (
        <DatabaseProvider doc={session.doc} databaseId={pageId} workspaceId={workspaceId} editable={editable} userId={user?.id ?? null} people={people} openRow={openRow} awareness={session.provider.awareness ?? undefined} socketUrl={socketUrl} shareToken={shareToken}>
          <DatabaseBody store={store} />
        </DatabaseProvider>
      ) : pill.state === 'offline' && snapshot.localReady ? (
        <p className={`${editorStyles.notice} ${editorStyles.info}`} role="status" data-testid="not-available-offline">
          This database has not been opened on this device yet, so there is no offline copy. It will load when you are back online.
        </p>
      ) : user && !shareToken ? (
        <DatabasePreview databaseId={pageId} userId={user.id} people={people} socketUrl={socketUrl} />
      ) : (
        <EditorSkeleton />
      )}
    </div>
  );
}

// The workspace's members as person cells and "Created by" name them (none for a public link).
export function useMemberPeople(workspaceId: string | undefined): Person[] {
  const members = useMembers(workspaceId ?? '', workspaceId !== undefined);
  return useMemo<Person[]>(() => (members.data?.members ?? []).map((m) => ({ id: m.userId, name: m.name })), [members.data]);
}

// This person's name and colour on the database's awareness, where their active cell travels.
export function useAwarenessUser(session: PageSession, user: Person | null): void {
  const awareness = session.provider.awareness!;
  useEffect(() => {
    const id = user?.id ?? `reader-${awareness.clientID}`;
    awareness.setLocalStateField('user', { id, name: user?.name ?? 'Guest', color: colorFor(id) });
  }, [awareness, user?.id, user?.name]);
}

// Who else has the database open: the server's presence of the page's room (the same list the
// editor's people come from), one avatar per person; told at once on join and leave, so nobody
// waits for an awareness renewal to appear. This person's own name and colour still go out on
// awareness, for clients that draw carets.
function usePresence(session: PageSession, user: Person | null): Collaborator[] {
  const [people, setPeople] = useState<Collaborator[]>([]);
  useAwarenessUser(session, user);
  useEffect(() => {
    const provider = session.provider;
    const update = (entries: PresenceEntry[]) => {
      const byPerson = new Map<string, Collaborator>();
      entries.forEach((entry, i) => {
        const id = entry.userId ?? `link-${entry.socketId}`;
        if (id === user?.id || byPerson.has(id)) return;
        byPerson.set(id, { clientId: i, id, name: entry.name, color: colorFor(id), cursor: null });
      });
      setPeople([...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name)));
    };
    update(provider.presence);
    provider.on('presence', update);
    return () => provider.off('presence', update);
  }, [session, user?.id]);
  return people;
}

