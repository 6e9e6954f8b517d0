'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Editor } from '@tiptap/react';
import { canEditDocument, isPermanent, type PageAccessRole } from '@tandem/protocol';
import {
  collaboratorCaretPosition,
  collaboratorsFromAwareness,
  type Collaborator,
  type CollaboratorUser,
  type BookmarkAttributes,
  type DatabaseBlockAttributes,
  type PageLinkAttributes,
  type SlashCommandRequests,
  type UploadFile,
} from '@tandem/editor';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { colorFor } from '@/lib/colors';
import { useComments } from '@/components/comments/CommentsContext';
import { uploadFile } from '@/lib/api/files';
import { errorMessage } from '@/lib/api';
import { useCreatePage } from '@/lib/api/pages';
import { useToast } from '@/components/ui/Toast';
import { PageSession } from '@/lib/collab/page-session';
import { pillFor, shouldWarnBeforeUnload } from '@/lib/collab/status';
import { CollaborativeEditor, EditorSkeleton } from './CollaborativeEditor';
import { SessionGate, type SessionUser } from './SessionGate';
import { ImageUrlDialog } from './ImageUrlDialog';
import { MathDialog, type MathRequest } from './blocks/MathDialog';
import { PageLinkDialog } from './blocks/PageLinkDialog';
import { EmbedDialog } from './blocks/EmbedDialog';
import { BookmarkDialog } from './blocks/BookmarkDialog';
import { LinkedDatabaseDialog } from './blocks/LinkedDatabaseDialog';
import { TemplatePicker } from '@/components/templates/TemplatePicker';
import { fetchBookmark } from '@/lib/api/link-previews';
import { PageInfo } from './PageInfo';
import { PresenceBar } from './PresenceBar';
import { SharePrompt } from './SharePrompt';
import { usePageMentions } from './usePageMentions';
import { scrollToPosition } from './scroll-to-position';
import { StatusPill } from './StatusPill';
import styles from './editor.module.css';
import { useWarnBeforeUnload } from './useWarnBeforeUnload';
import { usePageSession } from '@/lib/collab/use-page-session';

export interface PageEditorProps {
  pageId: string;
  // The caller's effective role from GET /pages/:id (or 'viewer' for a public link). The server's
  // answer on join wins once it arrives (e.g. a role changed while the page was open).
  role: PageAccessRole;
  // A public link's token: the reader is anonymous and the socket token is the link's read-only one.
  // Without it, the signed-in person (GET /auth/me) edits.
  shareToken?: string;
  // The page's workspace, for "Link to page" (absent for a public link's reader, who cannot edit).
  workspaceId?: string;
  // A locked page opens read-only for everyone until an editor unlocks it (the page screen's lock).
  locked?: boolean;
  // The page screen's options, shown at the top of the page menu (⋯).
  menu?: ReactNode;
}

type Person = SessionUser;

/**
 * The collaborative editor for one page: the document body (the title is the shell's), presence,
 * the save status pill, offline copy and read-only mode. Mount it with `key={pageId}`.
 */
export function PageEditor(props: PageEditorProps) {
  return (
    <SessionGate shareToken={props.shareToken} failure="The editor could not start: the app’s settings did not load. Check your connection and reload.">
      {(user, socketUrl) => <PageEditorSession {...props} user={user} socketUrl={socketUrl} />}
    </SessionGate>
  );
}

function PageEditorSession({ pageId, role, user, shareToken, socketUrl, workspaceId, locked, menu }: PageEditorProps & { user: Person; socketUrl: string }) {
  const session = usePageSession(pageId, socketUrl, shareToken, user?.id ?? null);
  if (!session) return <EditorSkeleton />;
  return <LivePage key={session.doc.guid} session={session} role={role} user={user} pageId={pageId} workspaceId={workspaceId} shareToken={shareToken} locked={locked ?? false} menu={menu} />;
}

function LivePage({
  session,
  role,
  user,
  pageId,
  workspaceId,
  shareToken,
  locked,
  menu,
}: {
  session: PageSession;
  role: PageAccessRole;
  user: Person;
  pageId: string;
  workspaceId: string | undefined;
  shareToken?: string;
  locked: boolean;
  menu: ReactNode;
}) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const awareness = session.provider.awareness!;
  const mayEdit = snapshot.canEdit ?? canEditDocument(role);
  const editable = mayEdit && !locked;
  // Locked is not read-only access: the pill keeps saying what the connection does.
  const pill = pillFor(snapshot.facts, !mayEdit);
  const [editor, setEditor] = useState<Editor | null>(null);
  const people = useCollaborators(awareness);
  // "@" and "[[" in the page: signed-in editors only (a public link's reader has no workspace).
  const mentions = usePageMentions(pageId, workspaceId, role, editable && workspaceId !== undefined);
  // The page's comments (absent where no page screen provides them, e.g. a version preview).
  const comments = useComments();
  const setCommentsEditor = comments?.setEditor;
  useEffect(() => {
    if (!setCommentsEditor || !editor) return;
    setCommentsEditor(editor);
    return () => setCommentsEditor(null);
  }, [setCommentsEditor, editor]);
  const startDraft = comments?.startDraft;
  const onComment = useMemo(() => (comments?.canComment && startDraft ? () => startDraft() : undefined), [comments?.canComment, startDraft]);
  const activate = comments?.activate;
  const setOpen = comments?.setOpen;
  const onThreadClick = useCallback(
    (ids: string[]) => {
      if (!activate || !ids[0]) return;
      setOpen?.(true);
      activate(ids[0]);
    },
    [activate, setOpen],
  );

  const caretUser = useMemo<CollaboratorUser>(() => {
    const id = user?.id ?? `reader-${awareness.clientID}`;
    return { id, name: user?.name ?? 'Guest', color: colorFor(id) };
  }, [user?.id, user?.name, awareness]);

  useWarnBeforeUnload(shouldWarnBeforeUnload(snapshot.facts));

  // The slash menu's "Image" asks through this dialog; the promise resolves when it closes.
  const [imageDialog, setImageDialog] = useState(false);
  const imageAnswer = useRef<((url: string | null) => void) | null>(null);
  const requestImageUrl = useCallback(
    () =>
      new Promise<string | null>((resolve) => {
        imageAnswer.current = resolve;
        setImageDialog(true);
      }),
    [],
  );

  // Files go to this page; a public link's reader (no account) never uploads.
  const upload = useMemo<UploadFile | null>(
    () => (shareToken === undefined ? (file, onProgress, signal) => uploadFile(pageId, file, onProgress, signal) : null),
    [pageId, shareToken],
  );

  // A pasted address offered as a bookmark card: the server reads the page (editors only).
  const bookmarkFor = useMemo(() => (shareToken === undefined ? (url: string) => fetchBookmark(pageId, url) : undefined), [pageId, shareToken]);

  // Equations: the slash menu asks for a new formula, a click on one edits it; one dialog for both.
  const [mathRequest, setMathRequest] = useState<MathRequest | null>(null);
  const mathAnswer = useRef<((latex: string | null) => void) | null>(null);
  const askLatex = useCallback(
    (request: MathRequest) =>
      new Promise<string | null>((resolve) => {
        mathAnswer.current = resolve;
        setMathRequest(request);
      }),
    [],
  );
  const editorRef = useRef<Editor | null>(null);
  editorRef.current = editor;
  const onEditMath = useCallback(
    (kind: 'inlineMath' | 'blockMath', node: ProseMirrorNode, pos: number) => {
      void askLatex({ kind, initial: String(node.attrs.latex ?? '') }).then((latex) => {
        const current = editorRef.current;
        if (!latex || !current) return;
        // The formula may have moved while the dialog was open (others edit too): only change it
        // if it is still there.
        current
          .chain()
          .command(({ tr }) => {
            const at = tr.doc.nodeAt(pos);
            if (at?.type.name !== kind) return false;
            tr.setNodeMarkup(pos, undefined, { ...at.attrs, latex });
            return true;
          })
          .run();
      });
    },
    [askLatex],
  );

  const [embedDialog, setEmbedDialog] = useState(false);
  const embedAnswer = useRef<((url: string | null) => void) | null>(null);
  const requestEmbedUrl = useCallback(
    () =>
      new Promise<string | null>((resolve) => {
        embedAnswer.current = resolve;
        setEmbedDialog(true);
      }),
    [],
  );

  const [bookmarkDialog, setBookmarkDialog] = useState(false);
  const bookmarkAnswer = useRef<((bookmark: BookmarkAttributes | null) => void) | null>(null);
  // A public link's reader never edits, so never asks for a preview.
  const requestBookmark = useCallback(
    () =>
      shareToken === undefined
        ? new Promise<BookmarkAttributes | null>((resolve) => {
            bookmarkAnswer.current = resolve;
            setBookmarkDialog(true);
          })
        : Promise.resolve(null),
    [shareToken],
  );

  // "Page from template": the picker makes the sub-page, the editor links to it where the caret was.
  const [templateDialog, setTemplateDialog] = useState(false);
  const templateAnswer = useRef<((page: PageLinkAttributes | null) => void) | null>(null);
  const answerTemplate = (page: PageLinkAttributes | null) => {
    setTemplateDialog(false);
    templateAnswer.current?.(page);
    templateAnswer.current = null;
  };

  const { mutateAsync: createDatabase } = useCreatePage(workspaceId ?? '');
  const toast = useToast();
  const [linkedDatabaseDialog, setLinkedDatabaseDialog] = useState(false);
  const linkedDatabaseAnswer = useRef<((target: DatabaseBlockAttributes | null) => void) | null>(null);
  const [pageLinkDialog, setPageLinkDialog] = useState(false);
  const pageLinkAnswer = useRef<((target: PageLinkAttributes | null) => void) | null>(null);
  const requests = useMemo<SlashCommandRequests>(
    () => ({
      requestImageUrl,
      requestEmbedUrl,
      requestBookmark,
      requestLatex: (kind) => askLatex({ kind, initial: '' }),
      requestPageLink: () =>
        workspaceId
          ? new Promise<PageLinkAttributes | null>((resolve) => {
              pageLinkAnswer.current = resolve;
              setPageLinkDialog(true);
            })
          : Promise.resolve(null),
      requestTemplatePage: () =>
        workspaceId
          ? new Promise<PageLinkAttributes | null>((resolve) => {
              templateAnswer.current = resolve;
              setTemplateDialog(true);
            })
          : Promise.resolve(null),
      // "Database – full page": a new database under this page, linked where the caret was; a
      // refusal (no right to create here) inserts nothing and says why.
      requestDatabasePage: workspaceId
        ? () =>
            createDatabase({ parentId: pageId, kind: 'database' }).then(
              (page) => ({ pageId: page.id, workspaceId, title: page.title }),
              (err: unknown) => {
                toast(`Could not create the database: ${errorMessage(err)}`, 'error');
                return null;
              },
            )
        : undefined,
      // "Database – inline": the same new sub-page, shown in place (its rows stay in its own
      // document; this page holds only the block).
      requestInlineDatabase: workspaceId
        ? () =>
            createDatabase({ parentId: pageId, kind: 'database' }).then(
              (page) => ({ databaseId: page.id, workspaceId, viewId: null, title: page.title }),
              (err: unknown) => {
                toast(`Could not create the database: ${errorMessage(err)}`, 'error');
                return null;
              },
            )
        : undefined,
      requestLinkedDatabase: workspaceId
        ? () =>
            new Promise<DatabaseBlockAttributes | null>((resolve) => {
              linkedDatabaseAnswer.current = resolve;
              setLinkedDatabaseDialog(true);
            })
        : undefined,
    }),
    [requestImageUrl, requestEmbedUrl, requestBookmark, askLatex, workspaceId, pageId, createDatabase, toast],
  );

  const jumpTo = useCallback(
    (person: Collaborator) => {
      if (!editor) return;
      const pos = collaboratorCaretPosition(editor, person);
      if (pos !== null) scrollToPosition(editor, pos);
    },
    [editor],
  );

  return (
    <div className={styles.root} data-testid="page-editor-root" data-editable={editable} data-error={snapshot.error?.code}>
      <div className={styles.bar}>
        {/* Offline, the last known presence is stale: show nobody rather than ghosts. */}
        <PresenceBar people={pill.state === 'offline' ? [] : people} onJump={jumpTo} />
        <StatusPill pill={pill} />
        <PageInfo editor={editor}>{menu}</PageInfo>
      </div>
      {/* Errors the person must know about; retryable ones (rate limits, outages) show as "Saving…". */}
      {snapshot.error && isPermanent(snapshot.error.code) && (
        <p className={styles.notice} role="alert" data-testid="editor-error">
          {snapshot.error.message}
        </p>
      )}
      {snapshot.documentReady ? (
        <CollaborativeEditor
          doc={session.doc}
          awareness={awareness}
          user={caretUser}
          editable={editable}
          onReady={setEditor}
          requests={requests}
          onEditMath={onEditMath}
          upload={upload}
          bookmarkFor={bookmarkFor}
          shareToken={shareToken}
          onComment={onComment}
          onThreadClick={onThreadClick}
          mentions={workspaceId ? mentions.suggestions : undefined}
        />
      ) : pill.state === 'offline' && snapshot.localReady ? (
        <p className={`${styles.notice} ${styles.info}`} role="status" data-testid="not-available-offline">
          This page has not been opened on this device yet, so there is no offline copy. It will load when you are back online.
        </p>
      ) : (
        <EditorSkeleton />
      )}
      <ImageUrlDialog
        open={imageDialog}
        onDone={(url) => {
          setImageDialog(false);
          imageAnswer.current?.(url);
          imageAnswer.current = null;
        }}
      />
      <EmbedDialog
        open={embedDialog}
        onDone={(url) => {
          setEmbedDialog(false);
          embedAnswer.current?.(url);
          embedAnswer.current = null;
        }}
      />
      <BookmarkDialog
        pageId={pageId}
        open={bookmarkDialog}
        onDone={(bookmark) => {
          setBookmarkDialog(false);
          bookmarkAnswer.current?.(bookmark);
          bookmarkAnswer.current = null;
        }}
      />
      <MathDialog
        request={mathRequest}
        onDone={(latex) => {
          setMathRequest(null);
          mathAnswer.current?.(latex);
          mathAnswer.current = null;
        }}
      />
      <SharePrompt pageId={pageId} offer={mentions.offer} onDone={mentions.dismissOffer} />
      {workspaceId ? (
        <PageLinkDialog
          workspaceId={workspaceId}
          currentPageId={pageId}
          open={pageLinkDialog}
          onDone={(target) => {
            setPageLinkDialog(false);
            pageLinkAnswer.current?.(target);
            pageLinkAnswer.current = null;
          }}
        />
      ) : null}
      {/* Mounted only while asked for: closed, they would keep the tree query polling for nothing. */}
      {workspaceId && linkedDatabaseDialog ? (
        <LinkedDatabaseDialog
          workspaceId={workspaceId}
          open
          onDone={(target) => {
            setLinkedDatabaseDialog(false);
            linkedDatabaseAnswer.current?.(target);
            linkedDatabaseAnswer.current = null;
          }}
        />
      ) : null}
      {workspaceId && templateDialog ? (
        <TemplatePicker
          workspaceId={workspaceId}
          parentId={pageId}
          open
          onCancel={() => answerTemplate(null)}
          onCreated={(page) => answerTemplate({ pageId: page.id, workspaceId, title: page.title })}
        />
      ) : null}
    </div>
  );
}

function useCollaborators(awareness: NonNullable<PageSession['provider']['awareness']>): Collaborator[] {
  const [people, setPeople] = useState<Collaborator[]>([]);
  useEffect(() => {
    const update = () => setPeople(collaboratorsFromAwareness(awareness.getStates(), awareness.clientID));
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return people;
}
