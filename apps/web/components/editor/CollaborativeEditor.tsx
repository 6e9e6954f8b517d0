'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { DragHandle } from '@tiptap/extension-drag-handle-react';
import {
  CommentHighlights,
  DocumentShortcuts,
  FileUploads,
  MentionSuggestions,
  PastedLinkOffer,
  SlashMenu,
  fileContentUrl,
  collaborationExtensions,
  documentExtensions,
  type AwarenessLike,
  type BookmarkAttributes,
  type CollaboratorUser,
  type MentionSuggestionsOptions,
  type PastedLink,
  type SlashCommandRequests,
  type UploadFile,
} from '@tandem/editor';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { blockNodeViews } from './blocks/node-views';
import type * as Y from 'yjs';
import { CommentOnlyMenu, FormattingMenu } from './FormattingMenu';
import { MentionPickerView } from './MentionPickerView';
import { PastedLinkMenu } from './PastedLinkMenu';
import { SlashMenuView } from './SlashMenuView';
import styles from './editor.module.css';

export interface CollaborativeEditorProps {
  doc: Y.Doc;
  awareness: AwarenessLike;
  user: CollaboratorUser;
  editable: boolean;
  onReady: (editor: Editor) => void;
  requests: SlashCommandRequests;
  /** A formula was clicked in an editable editor. */
  onEditMath: (kind: 'inlineMath' | 'blockMath', node: ProseMirrorNode, pos: number) => void;
  // Sends a pasted, dropped or picked file to the server (null: this reader can't upload).
  upload: UploadFile | null;
  // Reads a pasted address's card from the server (absent: this reader cannot edit).
  bookmarkFor?: (url: string) => Promise<BookmarkAttributes>;
  // A public link's token: uploaded files are fetched with it (the reader has no session).
  shareToken?: string;
  // "Comment" in the bubble menu (for people who may comment), and a click into commented text.
  onComment?: () => void;
  onThreadClick?: (threadIds: string[]) => void;
  // "@" and "[[": whom and what they offer, and what a mention of a person does (absent: no pickers).
  mentions?: Pick<MentionSuggestionsOptions, 'people' | 'pages' | 'onPersonMentioned'>;
}

// The Tiptap editor bound to one page's Y.Doc. The document comes only from Yjs (never `content`),
// so every tab, the server and IndexedDB agree on one history.
export function CollaborativeEditor({ doc, awareness, user, editable, onReady, requests, onEditMath, upload, bookmarkFor, shareToken, onComment, onThreadClick, mentions }: CollaborativeEditorProps) {
  // The highlight plugin is created once; it calls whatever handler is current.
  const threadClick = useRef(onThreadClick);
  threadClick.current = onThreadClick;
  // The same for the mention pickers: they read the current lists and handler.
  const mentionsRef = useRef(mentions);
  mentionsRef.current = mentions;
  // Mod-k bumps this; the bubble menu opens its link form when it changes.
  const [linkRequest, setLinkRequest] = useState(0);
  const requestLink = useCallback(() => setLinkRequest((n) => n + 1), []);
  // Image width handles follow the role at mount: a role change toggles editing without a remount
  // (handles then appear or go at the next page load).
  const [resizable] = useState(editable);
  // A lone address just pasted: the menu offering to make it an embed or a bookmark.
  const [pastedLink, setPastedLink] = useState<PastedLink | null>(null);
  const closePastedLink = useCallback(() => setPastedLink(null), []);

  // The extension list is fixed for the editor's life: the doc, awareness and user never change
  // within one page session (a new page mounts a new editor).
  const extensions = useMemo(
    () => [
      ...documentExtensions({
        placeholder: "Write something, or press '/' for blocks…",
        fileUrl: shareToken ? (id) => `${fileContentUrl(id)}?share=${encodeURIComponent(shareToken)}` : fileContentUrl,
        imageResize: resizable,
        nodeViews: blockNodeViews(),
        onEditMath,
      }),
      ...collaborationExtensions({ document: doc, awareness, user }),
      SlashMenu.configure(requests),
      DocumentShortcuts.configure({ onEditLink: requestLink }),
      FileUploads.configure({ upload }),
      PastedLinkOffer.configure({ onPastedLink: setPastedLink }),
      CommentHighlights.configure({ onThreadClick: (ids) => threadClick.current?.(ids) }),
      MentionSuggestions.configure({
        people: () => mentionsRef.current?.people() ?? [],
        pages: () => mentionsRef.current?.pages() ?? [],
        onPersonMentioned: (person) => mentionsRef.current?.onPersonMentioned?.(person),
      }),
    ],
    [doc, awareness, user, requests, onEditMath, requestLink, upload, shareToken, resizable],
  );

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      extensions,
      editorProps: {
        attributes: {
          'aria-label': 'Page content',
          'aria-multiline': 'true',
          role: 'textbox',
          'data-testid': 'page-editor',
          spellcheck: 'true',
        },
      },
      onCreate: ({ editor: created }) => onReady(created as Editor),
    },
    [extensions],
  );

  // Role changes (e.g. an editor demoted to viewer while the page is open) apply without a remount.
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  if (!editor) return <EditorSkeleton />;
  return (
    <div className={`${styles.content} ${editable ? '' : styles.readOnly}`}>
      {editable && (
        <DragHandle editor={editor}>
          <div className={styles.dragHandle} aria-label="Drag to move this block" title="Drag to move">
            <svg width="10" height="16" viewBox="0 0 10 16" aria-hidden>
              {[2, 8, 14].flatMap((y) => [2, 8].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r="1.5" fill="currentColor" />))}
            </svg>
          </div>
        </DragHandle>
      )}
      <EditorContent editor={editor} />
      {editable && <FormattingMenu editor={editor} linkRequest={linkRequest} onComment={onComment} />}
      {!editable && onComment && <CommentOnlyMenu editor={editor} onComment={onComment} />}
      {editable && <SlashMenuView editor={editor} />}
      {editable && <MentionPickerView editor={editor} />}
      {editable && pastedLink && <PastedLinkMenu editor={editor} link={pastedLink} bookmarkFor={bookmarkFor} onClose={closePastedLink} />}
    </div>
  );
}

export function EditorSkeleton() {
  return (
    <div className={styles.loading} aria-busy="true" aria-label="Loading the page">
      {[92, 100, 78, 85, 40].map((width, i) => (
        <div key={i} className={styles.skeleton} style={{ width: `${width}%` }} />
      ))}
    </div>
  );
}
