'use client';

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { canEditDocument, isPermanent, type PageAccessRole } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { openRowPage } from '@/lib/api/databases';
import { usePageSession } from '@/lib/collab/use-page-session';
import { pillFor, shouldWarnBeforeUnload } from '@/lib/collab/status';
import type { PageSession } from '@/lib/collab/page-session';
import { DatabaseStore } from '@/lib/database/store';
import { EditorSkeleton } from '@/components/editor/CollaborativeEditor';
import { SessionGate } from '@/components/editor/SessionGate';
import { useWarnBeforeUnload } from '@/components/editor/useWarnBeforeUnload';
import { useToast } from '@/components/ui/Toast';
import editorStyles from '@/components/editor/editor.module.css';
import { DatabaseBody } from './DatabaseBody';
import { DatabaseProvider, type Person } from './DatabaseContext';
import { useAwarenessUser, useMemberPeople } from './DatabaseView';

export interface InlineDatabaseProps {
  databaseId: string;
  workspaceId: string;
  // The reader's role on the database page (GET /pages/:id); the server's answer on join wins.
  role: PageAccessRole;
  viewId: string | null;
  onViewChange: (viewId: string) => void;
}

/**
 * A database's views inside another page: the database page's own session (its Y.Doc, IndexedDB
 * copy and provider on the tab's one connection), so edits are live and work offline exactly as on
 * the database's page. The page around it keeps its own status pill and presence.
 */
export function InlineDatabase(props: InlineDatabaseProps) {
  return (
    <SessionGate failure="The database could not open: the app’s settings did not load. Check your connection and reload.">
      {(user, socketUrl) => <InlineSession {...props} user={user} socketUrl={socketUrl} />}
    </SessionGate>
  );
}

function InlineSession(props: InlineDatabaseProps & { user: Person | null; socketUrl: string }) {
  const session = usePageSession(props.databaseId, props.socketUrl, undefined, props.user?.id ?? null);
  if (!session) return <EditorSkeleton />;
  return <LiveInline key={session.doc.guid} session={session} {...props} />;
}

function LiveInline({ session, databaseId, workspaceId, role, viewId, onViewChange, user, socketUrl }: InlineDatabaseProps & { session: PageSession; user: Person | null; socketUrl: string }) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const store = useMemo(() => new DatabaseStore(session.doc, databaseId), [session.doc, databaseId]);
  const people = useMemberPeople(workspaceId);
  useAwarenessUser(session, user);
  const router = useRouter();
  const toast = useToast();
  const openRow = useCallback(
    (rowId: string) =>
      void openRowPage(databaseId, rowId).then(
        () => router.push(`/w/${workspaceId}/p/${rowId}`),
        (err: unknown) => toast(`Could not open the row: ${errorMessage(err)}`, 'error'),
      ),
    [databaseId, workspaceId, router, toast],
  );
  // Edits to the database not yet on the server are as much at stake as the page's own.
  useWarnBeforeUnload(shouldWarnBeforeUnload(snapshot.facts));
  const editable = snapshot.canEdit ?? canEditDocument(role);
  return (
    <>
      {snapshot.error && isPermanent(snapshot.error.code) && (
        <p className={editorStyles.notice} role="alert" data-testid="editor-error">
          {snapshot.error.message}
        </p>
      )}
      {snapshot.documentReady ? (
        <DatabaseProvider doc={session.doc} databaseId={databaseId} workspaceId={workspaceId} editable={editable} userId={user?.id ?? null} people={people} openRow={openRow} awareness={session.provider.awareness ?? undefined} socketUrl={socketUrl}>
          <DatabaseBody store={store} viewId={viewId} onViewChange={onViewChange} />
        </DatabaseProvider>
      ) : pillFor(snapshot.facts).state === 'offline' && snapshot.localReady ? (
        <p className={`${editorStyles.notice} ${editorStyles.info}`} role="status" data-testid="not-available-offline">
          This database has not been opened on this device yet, so there is no offline copy. It will load when you are back online.
        </p>
      ) : (
        <EditorSkeleton />
      )}
    </>
  );
}
