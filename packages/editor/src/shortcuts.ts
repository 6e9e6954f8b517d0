import { Extension } from '@tiptap/core';

/** Shortcuts people already know from Notion/Docs, for a help sheet and menu hints (Tiptap key notation). */
export const KEYBOARD_SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: 'Mod-b', action: 'Bold' },
  { keys: 'Mod-i', action: 'Italic' },
  { keys: 'Mod-u', action: 'Underline' },
  { keys: 'Mod-Shift-s', action: 'Strikethrough' },
  { keys: 'Mod-e', action: 'Inline code' },
  { keys: 'Mod-Shift-h', action: 'Highlight' },
  { keys: 'Mod-k', action: 'Add or edit link' },
  { keys: 'Mod-Alt-0', action: 'Text' },
  { keys: 'Mod-Alt-1', action: 'Heading 1' },
  { keys: 'Mod-Alt-2', action: 'Heading 2' },
  { keys: 'Mod-Alt-3', action: 'Heading 3' },
  { keys: 'Mod-Shift-7', action: 'Numbered list' },
  { keys: 'Mod-Shift-8', action: 'Bulleted list' },
  { keys: 'Mod-Shift-9', action: 'To-do list' },
  { keys: 'Mod-Shift-b', action: 'Quote' },
  { keys: 'Mod-Alt-c', action: 'Code block' },
  { keys: 'Mod-z', action: 'Undo your last change' },
  { keys: 'Mod-Shift-z', action: 'Redo' },
];

/** Shortcuts of the app around the editor (the shell's and the page's own handlers use these keys). */
export const APP_SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: 'Mod-k', action: 'Quick find (without a selection)' },
  { keys: 'Mod-Alt-h', action: 'Version history' },
  { keys: 'Mod-/', action: 'Keyboard shortcuts' },
];

/** What typing at the start of a line (or around text) turns into, as in Notion. */
export const MARKDOWN_SHORTCUTS: readonly { typed: string; result: string }[] = [
  { typed: '# ', result: 'Heading 1' },
  { typed: '## ', result: 'Heading 2' },
  { typed: '### ', result: 'Heading 3' },
  { typed: '- ', result: 'Bulleted list' },
  { typed: '1. ', result: 'Numbered list' },
  { typed: '[] ', result: 'To-do list' },
  { typed: '> ', result: 'Toggle list' },
  { typed: '" ', result: 'Quote' },
  { typed: '```', result: 'Code block' },
  { typed: '---', result: 'Divider' },
  { typed: '$$x^2$$', result: 'Inline equation' },
  { typed: '$$$x^2$$$', result: 'Block equation' },
  { typed: '==text==', result: 'Highlight' },
  { typed: '/', result: 'Insert any block' },
];

/** Renders a Tiptap key notation for people: "Mod-Alt-1" → "⌘⌥1" on a Mac, "Ctrl+Alt+1" elsewhere. */
export function formatShortcut(keys: string, isMac: boolean): string {
  const parts = keys.split('-').map((part) => {
    switch (part) {
      case 'Mod':
        return isMac ? '⌘' : 'Ctrl';
      case 'Alt':
        return isMac ? '⌥' : 'Alt';
      case 'Shift':
        return isMac ? '⇧' : 'Shift';
      default:
        return part.length === 1 ? part.toUpperCase() : part;
    }
  });
  return isMac ? parts.join('') : parts.join('+');
}

export interface DocumentShortcutsOptions {
  /** Mod-k on a selection or in a link: the app opens its link editor. (Otherwise Mod-k is left to the app: quick find.) */
  onEditLink: () => void;
}

/** Shortcuts StarterKit does not bring (the marks, blocks and Yjs undo come with their extensions). */
export const DocumentShortcuts = Extension.create<DocumentShortcutsOptions>({
  name: 'documentShortcuts',

  addOptions() {
    return { onEditLink: () => undefined };
  },

  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        if (!this.editor.isEditable) return false;
        // Nothing to link: let the key reach the app (quick find).
        if (this.editor.state.selection.empty && !this.editor.isActive('link')) return false;
        this.options.onEditLink();
        return true;
      },
    };
  },
});
