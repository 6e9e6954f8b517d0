'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { roleAtLeast, type TreePage } from '@tandem/protocol';
import type { TreeNode } from '@/lib/page-tree';
import type { TreeActions, StepKey } from './useTreeActions';
import type { ToggleExpanded } from './useExpanded';

const STEP_KEYS: readonly string[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'];

// The WAI-ARIA tree pattern: one tab stop for the whole tree (roving tabindex), arrows to move
// focus and open/close, Enter to open, F2 to rename, Delete to trash, Alt+arrows to move the page.
export function useTreeKeyboard(opts: {
  rows: TreeNode<TreePage>[];
  expanded: ReadonlySet<string>;
  toggle: ToggleExpanded;
  activePageId: string | null;
  actions: TreeActions;
  startRename: (pageId: string) => void;
}) {
  const { rows, expanded, toggle, activePageId, actions, startRename } = opts;
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLDivElement>());

  // The focused row, else the open page, else the first.
  const tabStop = rows.find((r) => r.page.id === focusedId)?.page.id ?? rows.find((r) => r.page.id === activePageId)?.page.id ?? rows[0]?.page.id;

  const focusRow = (id: string | undefined) => {
    if (!id) return;
    setFocusedId(id);
    rowRefs.current.get(id)?.focus();
  };

  const registerRow = (pageId: string) => (el: HTMLDivElement | null) => {
    if (el) rowRefs.current.set(pageId, el);
    else rowRefs.current.delete(pageId);
  };

  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, node: TreeNode<TreePage>) => {
    if (e.target !== e.currentTarget) return;
    const index = rows.findIndex((r) => r.page.id === node.page.id);
    const open = expanded.has(node.page.id);
    const editable = roleAtLeast(node.page.role, 'editor');
    // A database's row is renamed and deleted in its database (TreeRow).
    const ownPage = editable && node.page.kind !== 'row';
    if (e.altKey && editable && STEP_KEYS.includes(e.key)) actions.stepMoves(node.page)[e.key as StepKey]?.run();
    else if (e.key === 'ArrowDown') focusRow(rows[index + 1]?.page.id);
    else if (e.key === 'ArrowUp') focusRow(rows[index - 1]?.page.id);
    else if (e.key === 'Home') focusRow(rows[0]?.page.id);
    else if (e.key === 'End') focusRow(rows.at(-1)?.page.id);
    else if (e.key === 'ArrowRight') {
      if (node.children.length && !open) toggle(node.page.id, true);
      else if (open) focusRow(node.children[0]?.page.id);
    } else if (e.key === 'ArrowLeft') {
      if (open) toggle(node.page.id, false);
      else focusRow(rows.find((r) => r.page.id === node.page.parentId)?.page.id);
    } else if (e.key === 'Enter') actions.open(node.page.id);
    else if (e.key === 'F2' && ownPage) startRename(node.page.id);
    else if (e.key === 'Delete' && ownPage) actions.trash(node.page);
    else return;
    e.preventDefault();
  };

  return { tabStop, setFocusedId, registerRow, onRowKey };
}

export type TreeKeyboard = ReturnType<typeof useTreeKeyboard>;
