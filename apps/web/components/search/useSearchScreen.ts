'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { SearchQuery } from '@tandem/protocol';
import { useSearchPages } from '@/lib/api/navigation';
import { DEBOUNCE_MS, useDebounced } from './useQuickFind';

export interface SearchFilters {
  under: string;
  editedBy: string;
  from: string;
  to: string;
  trash: boolean;
  sort: 'relevance' | 'edited';
}

const NO_FILTERS: SearchFilters = { under: '', editedBy: '', from: '', to: '', trash: false, sort: 'relevance' };

// The full search page's state: the query lives in the URL (/w/:id/search?q=…, so it can be shared
// and survives a reload), the filters beside it; results load page by page.
export function useSearchScreen(workspaceId: string) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const [filters, setFilters] = useState<SearchFilters>(NO_FILTERS);
  const q = useDebounced(query.trim(), DEBOUNCE_MS);

  useEffect(() => {
    if ((params.get('q') ?? '') === q) return;
    router.replace(q ? `${pathname}?q=${encodeURIComponent(q)}` : pathname, { scroll: false });
  }, [q, params, pathname, router]);

  const request: Omit<SearchQuery, 'cursor'> = {
    q,
    limit: 20,
    sort: filters.sort,
    ...(filters.under ? { under: filters.under } : {}),
    ...(filters.editedBy ? { editedBy: filters.editedBy } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.trash ? { trash: 'true' as const } : {}),
  };
  const results = useSearchPages(workspaceId, request);
  const pages = results.data?.pages ?? [];
  return {
    query,
    setQuery,
    filters,
    setFilter: <K extends keyof SearchFilters>(key: K, value: SearchFilters[K]) => setFilters((f) => ({ ...f, [key]: value })),
    clearFilters: () => setFilters(NO_FILTERS),
    filtered: JSON.stringify(filters) !== JSON.stringify(NO_FILTERS),
    results: pages.flatMap((p) => p.results),
    total: pages[0]?.total ?? 0,
    totalCapped: pages[0]?.totalCapped ?? false,
    status: results,
  };
}
