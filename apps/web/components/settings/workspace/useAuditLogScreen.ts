'use client';

import { useState } from 'react';
import type { AuditExportQuery } from '@tandem/protocol';
import { auditExportUrl, useAuditLog } from '@/lib/api/audit';

export interface AuditFilters {
  actorId: string;
  action: string;
  pageId: string;
  from: string;
  to: string;
}

const NONE: AuditFilters = { actorId: '', action: '', pageId: '', from: '', to: '' };

// The audit log section's state: the filters (empty = any), the entries loaded so far for them,
// and the CSV link for the same filters.
export function useAuditLogScreen(workspaceId: string) {
  const [filters, setFilters] = useState<AuditFilters>(NONE);
  const query: AuditExportQuery = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''));
  const log = useAuditLog(workspaceId, query);
  return {
    filters,
    setFilter: (name: keyof AuditFilters, value: string) => setFilters((f) => ({ ...f, [name]: value })),
    clearFilters: () => setFilters(NONE),
    filtered: Object.keys(query).length > 0,
    entries: log.data?.pages.flatMap((p) => p.entries) ?? [],
    log,
    exportUrl: auditExportUrl(workspaceId, query),
  };
}
