'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Icon } from '@/components/ui/Icon';
import { QuickFind } from './QuickFind';

const QuickFindContext = createContext<{ openQuickFind: () => void } | null>(null);

export function useQuickFindOpener(): () => void {
  const value = useContext(QuickFindContext);
  if (!value) throw new Error('useQuickFindOpener() is only available inside <QuickFindProvider>.');
  return value.openQuickFind;
}

// Quick find for one workspace, opened by Ctrl/Cmd+K anywhere in the shell (the editor keeps
// Mod-k for itself only when there is a selection to link) or by the sidebar's "Search" entry.
export function QuickFindProvider({ workspaceId, children }: { workspaceId: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.shiftKey) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const openQuickFind = useCallback(() => setOpen(true), []);
  const value = useMemo(() => ({ openQuickFind }), [openQuickFind]);
  return (
    <QuickFindContext.Provider value={value}>
      {children}
      <QuickFind workspaceId={workspaceId} open={open} onClose={() => setOpen(false)} />
    </QuickFindContext.Provider>
  );
}

// The phone top bar's way into quick find (the sidebar is a closed drawer there).
export function QuickFindButton({ className }: { className?: string }) {
  const openQuickFind = useQuickFindOpener();
  return (
    <button type="button" className={className} aria-label="Search" title="Search" onClick={openQuickFind} data-testid="topbar-search">
      <Icon name="search" size={18} />
    </button>
  );
}
