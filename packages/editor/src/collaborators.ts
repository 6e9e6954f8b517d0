import type { Editor } from '@tiptap/core';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** What each editor publishes in its awareness `user` field (CollaborationCaret renders it). */
export interface CollaboratorUser {
  /** The account id, or a per-tab id for a public-link reader. */
  id: string;
  name: string;
  /** #rrggbb: the caret extension ignores anything else. */
  color: string;
}

export interface Collaborator extends CollaboratorUser {
  clientId: number;
  /** The caret as Yjs relative positions (awareness `cursor` field), null when not in the text. */
  cursor: { anchor: unknown; head: unknown } | null;
}

/** Other people in this document, one entry per person (their most recently joined tab wins). */
export function collaboratorsFromAwareness(states: Map<number, Record<string, unknown>>, selfClientId: number): Collaborator[] {
  const byPerson = new Map<string, Collaborator>();
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const user = state.user as Partial<CollaboratorUser> | undefined;
    if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') continue;
    const cursor = (state.cursor as Collaborator['cursor'] | undefined) ?? null;
    const previous = byPerson.get(user.id);
    // Prefer the tab that actually has a caret in the text, so "jump to" has somewhere to go.
    if (previous && previous.cursor && !cursor) continue;
    byPerson.set(user.id, { clientId, id: user.id, name: user.name, color: typeof user.color === 'string' ? user.color : '#787774', cursor });
  }
  return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Where a collaborator's caret is in this editor's document, or null if it cannot be placed. */
export function collaboratorCaretPosition(editor: Editor, collaborator: Collaborator): number | null {
  if (!collaborator.cursor) return null;
  const sync = ySyncPluginKey.getState(editor.state) as
    | { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Parameters<typeof relativePositionToAbsolutePosition>[3] } | null }
    | undefined;
  if (!sync?.binding) return null;
  try {
    const head = relativePositionToAbsolutePosition(
      sync.doc,
      sync.type,
      Y.createRelativePositionFromJSON(collaborator.cursor.head),
      sync.binding.mapping,
    );
    return head === null ? null : Math.min(Math.max(head, 0), editor.state.doc.content.size);
  } catch {
    // A malformed awareness state from another client must not break this editor.
    return null;
  }
}
