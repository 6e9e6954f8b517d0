'use client';

import { useState, type DragEvent } from 'react';
import type { TreePage } from '@tandem/protocol';
import { planMove, type DropPlacement } from '@/lib/page-tree';

export interface DropTarget {
  targetId: string;
  placement: DropPlacement;
}

// Drag and drop between rows: the top and bottom quarters of a row drop before and after it, the
// middle inside it; only drops the tree allows (not into the page's own subtree) are offered.
export function useTreeDrag(pages: TreePage[], move: (pageId: string, targetId: string, placement: DropPlacement) => void) {
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<DropTarget | null>(null);

  const end = () => {
    setDragId(null);
    setDrop(null);
  };

  // The handlers one row needs.
  const rowHandlers = (pageId: string) => ({
    onDragStart: (e: DragEvent<HTMLDivElement>) => {
      e.dataTransfer.setData('text/plain', pageId);
      e.dataTransfer.effectAllowed = 'move';
      setDragId(pageId);
    },
    onDragEnd: end,
    onDragOver: (e: DragEvent<HTMLDivElement>) => {
      if (!dragId) return;
      const rect = e.currentTarget.getBoundingClientRect();
      const y = (e.clientY - rect.top) / rect.height;
      const placement: DropPlacement = y < 0.28 ? 'before' : y > 0.72 ? 'after' : 'inside';
      if (!planMove(pages, dragId, pageId, placement)) {
        setDrop(null);
        return;
      }
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (drop?.targetId !== pageId || drop.placement !== placement) setDrop({ targetId: pageId, placement });
    },
    onDragLeave: (e: DragEvent<HTMLDivElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null) && drop?.targetId === pageId) setDrop(null);
    },
    onDrop: (e: DragEvent<HTMLDivElement>) => {
      e.preventDefault();
      if (dragId && drop) move(dragId, drop.targetId, drop.placement);
      end();
    },
  });

  return { dragId, drop, rowHandlers };
}

export type TreeDrag = ReturnType<typeof useTreeDrag>;
