'use client';

import { useEffect, useState } from 'react';
import type { TreePage } from '@tandem/protocol';
import { ancestorsOf } from '@/lib/page-tree';

// Which pages are open survives reloads, per workspace; the current page's ancestors always are.
export function useExpanded(workspaceId: string, pages: TreePage[], activePageId: string | null) {
  const storageKey = `tandem:expanded:${workspaceId}`;
  const [expanded, setExpanded] = useState<Set<string>>(() => {
    try {
      return new Set(JSON.parse(localStorage.getItem(storageKey) ?? '[]') as string[]);
    } catch {
      return new Set();
    }
  });
  useEffect(() => {
    localStorage.setItem(storageKey, JSON.stringify([...expanded]));
  }, [storageKey, expanded]);
  useEffect(() => {
    if (!activePageId) return;
    const missing = ancestorsOf(pages, activePageId).filter((a) => !expanded.has(a.id));
    if (missing.length) setExpanded((prev) => new Set([...prev, ...missing.map((a) => a.id)]));
  }, [activePageId, pages, expanded]);
  const toggle = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  return { expanded, toggle };
}

export type ToggleExpanded = ReturnType<typeof useExpanded>['toggle'];
