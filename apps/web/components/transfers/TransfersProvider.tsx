'use client';

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ExportFormat, TransferView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { startExport, startImport, type ExportScope } from '@/lib/api/transfers';
import { TransfersPanel } from './TransfersPanel';

// One import or export of this tab: while its file uploads (`upload`, 0..1), then the server's
// transfer (`view`, polled by the panel), or why it could not start (`error`).
export interface TrackedTransfer {
  key: number;
  label: string;
  view: TransferView | null;
  upload: number | null;
  error: string | null;
}

interface Transfers {
  importFile: (workspaceId: string, file: File, parentId?: string) => void;
  exportPages: (scope: ExportScope, target: { workspaceId: string; pageId: string; title: string }, format: ExportFormat) => Promise<void>;
}

const TransfersContext = createContext<Transfers | null>(null);

// The workspace screen's imports and exports: starts them and shows them in a panel (bottom
// corner) until dismissed, so a long one keeps its progress while the person works on.
export function TransfersProvider({ children }: { children: ReactNode }) {
  const [tracked, setTracked] = useState<TrackedTransfer[]>([]);
  const next = useRef(0);
  const add = useCallback((label: string, upload: number | null) => {
    const key = ++next.current;
    setTracked((list) => [...list, { key, label, view: null, upload, error: null }]);
    return (change: Partial<TrackedTransfer>) => setTracked((list) => list.map((t) => (t.key === key ? { ...t, ...change } : t)));
  }, []);

  const value = useMemo<Transfers>(
    () => ({
      importFile: (workspaceId, file, parentId) => {
        const set = add(`Importing ${file.name}`, 0);
        startImport(workspaceId, file, parentId, (upload) => set({ upload }), new AbortController().signal).then(
          (view) => set({ view, upload: null }),
          (err: unknown) => set({ error: errorMessage(err), upload: null }),
        );
      },
      exportPages: async (scope, target, format) => {
        const what = scope === 'workspace' ? 'the workspace' : `“${target.title || 'Untitled'}”${scope === 'subpages' ? ' with sub-pages' : ''}`;
        const set = add(`Exporting ${what}`, null);
        try {
          set({ view: await startExport(scope, target, format) });
        } catch (err) {
          set({ error: errorMessage(err) });
        }
      },
    }),
    [add],
  );
  const dismiss = useCallback((key: number) => setTracked((list) => list.filter((t) => t.key !== key)), []);

  return (
    <TransfersContext.Provider value={value}>
      {children}
      <TransfersPanel transfers={tracked} onDismiss={dismiss} />
    </TransfersContext.Provider>
  );
}

export function useTransfers(): Transfers {
  const transfers = useContext(TransfersContext);
  if (!transfers) throw new Error('useTransfers outside TransfersProvider');
  return transfers;
}
