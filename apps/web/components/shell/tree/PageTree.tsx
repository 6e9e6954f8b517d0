'use client';

import { useMemo, useState } from 'react';
import type { TreePage } from '@tandem/protocol';
import { buildTree, visibleRows } from '@/lib/page-tree';
import { TreeRow } from './TreeRow';
import { useExpanded } from './useExpanded';
import { useTreeActions } from './useTreeActions';
import { useTreeDrag } from './useTreeDrag';
import { useTreeKeyboard } from './useTreeKeyboard';
import styles from './tree.module.css';

// The sidebar's page tree: expansion (useExpanded), what rows do to pages (useTreeActions), drag
// and drop (useTreeDrag) and keyboard navigation (useTreeKeyboard), drawn row by row (TreeRow).
export function PageTree({ workspaceId, pages, activePageId }: { workspaceId: string; pages: TreePage[]; activePageId: string | null }) {
  const tree = useMemo(() => buildTree(pages), [pages]);
  const { expanded, toggle } = useExpanded(workspaceId, pages, activePageId);
  const rows = useMemo(() => visibleRows(tree, expanded), [tree, expanded]);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const actions = useTreeActions(workspaceId, pages, activePageId, toggle);
  const drag = useTreeDrag(pages, actions.move);
  const keyboard = useTreeKeyboard({ rows, expanded, toggle, activePageId, actions, startRename: setRenamingId });

  const rowProps = { expanded, toggle, activePageId, renamingId, setRenamingId, actions, drag, keyboard };
  return (
    <ul role="tree" aria-label="Pages" className={styles.tree} data-testid="page-tree">
      {tree.map((node) => (
        <TreeRow key={node.page.id} node={node} {...rowProps} />
      ))}
    </ul>
  );
}
