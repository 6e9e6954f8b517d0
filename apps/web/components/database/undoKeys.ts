import type { KeyboardEvent } from 'react';

// Ctrl/Cmd+Z undoes this person's last database change, Ctrl/Cmd+Shift+Z and Ctrl+Y redo it,
// wherever focus is in the database except a text field (which keeps its own undo of typing).
export function undoKeys(e: KeyboardEvent, undo: () => void, redo: () => void): void {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
  const target = e.target as HTMLElement;
  if (target.closest('input:not([type="checkbox"]), textarea, select, [contenteditable="true"]')) return;
  const key = e.key.toLowerCase();
  if (key === 'z' && !e.shiftKey) undo();
  else if ((key === 'z' && e.shiftKey) || (key === 'y' && e.ctrlKey && !e.shiftKey)) redo();
  else return;
  e.preventDefault();
}
