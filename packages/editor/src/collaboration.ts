import type { AnyExtension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
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
