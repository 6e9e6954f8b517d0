import { type AnyExtension, Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

import type { CollaboratorUser } from './collaborators.js';
import { DOCUMENT_FIELD } from './schema.js';

/** The part of a y-protocols Awareness the caret extension uses. */
export interface AwarenessLike {
  clientID: number;
  getStates(): Map<number, Record<string, unknown>>;
  setLocalStateField(field: string, value: unknown): void;
  on(event: 'update' | 'change', listener: (...args: unknown[]) => void): void;
  off(event: 'update' | 'change', listener: (...args: unknown[]) => void): void;
}

export interface CollaborationSetup {
  document: Y.Doc;
  awareness: AwarenessLike;
  user: CollaboratorUser;
}

/**
 * Binds an editor to a page's Y.Doc: Collaboration (sync + per-user Yjs undo/redo, Mod-z /
 * Mod-Shift-z / Mod-y) and named, coloured carets and selections from awareness.
 * Use with documentExtensions(); never pass `content` to such an editor — the document comes via Yjs.
 */
export function collaborationExtensions({ document, awareness, user }: CollaborationSetup): AnyExtension[] {
  return [
    Collaboration.configure({ document, field: DOCUMENT_FIELD }),
    PasteUndoStep,
    EmptyDocumentFiller,
    CollaborationCaret.configure({
      // The caret extension only reads `provider.awareness`.
      provider: { awareness },
      user,
      render: (person: Record<string, unknown>) => renderCaret(person),
    }),
  ];
}

// A caret with the person's name in a small flag; class names are styled by the app.
function renderCaret(person: Record<string, unknown>): HTMLElement {
  const color = typeof person.color === 'string' ? person.color : 'transparent';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.style.borderColor = color;
  if (typeof person.id === 'string') caret.dataset.userId = person.id;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  label.textContent = typeof person.name === 'string' ? person.name : 'Someone';
  caret.append(label);
  return caret;
}

// The shape of y-prosemirror's binding that the filler guard wraps.
interface SyncBinding {
  type: Y.XmlFragment;
  _prosemirrorChanged(doc: ProseMirrorNode): void;
}

// Whether a document is only what the schema fills an empty one with (one empty paragraph).
const isFiller = (doc: ProseMirrorNode): boolean => doc.content.findDiffStart(doc.type.createAndFill()!.content) === null;

/**
 * An empty shared document shows the schema's filler line, which y-prosemirror keeps out of Yjs at
 * first. But once an editor has changed anything, every later transaction (a caret move, another
 * person's caret) writes its whole document back, filler included: undoing the first edit of a new
 * page left one empty line per open editor, and a redo put the content below them. The filler of
 * an empty shared document is not content, so it is not written; typing into it is.
 */
export const EmptyDocumentFiller = Extension.create({
  name: 'emptyDocumentFiller',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        view: (view) => {
          const binding = (ySyncPluginKey.getState(view.state) as { binding?: SyncBinding } | undefined)?.binding;
          if (binding) {
            const write = binding._prosemirrorChanged.bind(binding);
            binding._prosemirrorChanged = (doc) => {
              if (binding.type.length === 0 && isFiller(doc)) return;
              write(doc);
            };
          }
          return {};
        },
      }),
    ];
  },
});

// The Yjs UndoManager groups a person's changes made less than 500 ms apart into one undo step.
const stopCapturing = (state: EditorState): void => (yUndoPluginKey.getState(state) as { undoManager?: { stopCapturing(): void } } | undefined)?.undoManager?.stopCapturing();
const pasteUndoStepKey = new PluginKey<boolean>('pasteUndoStep');

/**
 * A paste is an undo step of its own, as in Google Docs and Word: Ctrl+Z right after it takes out
 * the paste, not the paste together with the line made for it, or with whatever was written just
 * before (on a busy machine a paste of a linked database merged into the step that inserted the
 * original block, and one Ctrl+Z removed both). The step is closed before the paste's change
 * reaches Yjs and again after it, so typing on at once is a step of its own too.
 */
export const PasteUndoStep = Extension.create({
  name: 'pasteUndoStep',
  addProseMirrorPlugins() {
    return [
      new Plugin<boolean>({
        key: pasteUndoStepKey,
        state: { init: () => false, apply: (tr) => tr.getMeta('uiEvent') === 'paste' },
        props: {
          handlePaste: (view) => {
            stopCapturing(view.state);
            return false;
          },
        },
        // Plugin views update in order: Collaboration's, which writes the paste into Yjs, first.
        view: () => ({
          update: (view) => {
            if (pasteUndoStepKey.getState(view.state)) stopCapturing(view.state);
          },
        }),
      }),
    ];
  },
});
