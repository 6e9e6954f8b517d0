'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { SnippetPart } from '@tandem/protocol';
import { useQuickSearch, useRecent } from '@/lib/api/navigation';

// What quick find lists: search results while something is typed, recent pages otherwise.
export interface QuickFindItem {
  id: string;
  title: string;
  icon: string | null;
  path: Array<{ id: string; title: string }>;
  snippet: SnippetPart[];
}

export const DEBOUNCE_MS = 150;

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

// The state of the quick find dialog: the query (searched once typing pauses), the list shown and
// the active row, moved with the arrow keys; Enter opens it, Ctrl/Cmd+Enter in a new tab.
export function useQuickFind(workspaceId: string, open: boolean, onClose: () => void) {
  const router = useRouter();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const q = useDebounced(query.trim(), DEBOUNCE_MS);
  const searching = query.trim() !== '';
  const results = useQuickSearch(workspaceId, q);
  const recent = useRecent(workspaceId, open);

  useEffect(() => {
    if (!open) setQuery('');
  }, [open]);

  const items: QuickFindItem[] = useMemo(() => {
    if (!searching) return (recent.data?.pages ?? []).map((p) => ({ ...p, snippet: [] }));
    return results.data?.results ?? [];
  }, [searching, recent.data, results.data]);
  useEffect(() => setActive(0), [items]);

  const href = (id: string) => `/w/${workspaceId}/p/${id}`;
  const openItem = (item: QuickFindItem, newTab: boolean) => {
    if (newTab) window.open(href(item.id), '_blank', 'noopener');
    else {
      router.push(href(item.id));
      onClose();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!items.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + items.length) % items.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = items[active];
      if (item) openItem(item, e.metaKey || e.ctrlKey);
      else if (searching) {
        router.push(`/w/${workspaceId}/search?q=${encodeURIComponent(query.trim())}`);
        onClose();
      }
    }
  };

  return {
    query,
    setQuery,
    searching,
    items,
    active,
    setActive,
    onKeyDown,
    openItem,
    href,
    // Typing, or waiting for the first answer to what was typed.
    pending: searching && (query.trim() !== q || results.isFetching),
    failed: searching ? results.isError : recent.isError,
    total: searching ? (results.data?.total ?? 0) : items.length,
    totalCapped: searching ? (results.data?.totalCapped ?? false) : false,
  };
}
