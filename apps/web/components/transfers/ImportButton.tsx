'use client';

import { useRef } from 'react';
import { Icon } from '@/components/ui/Icon';
import { useTransfers } from './TransfersProvider';

// What an import takes: Markdown and HTML files, and zips of them (folders, Notion exports).
export const IMPORT_ACCEPT = '.md,.markdown,.txt,.html,.htm,.zip,text/markdown,text/html,application/zip';

// The sidebar's "Import": a file picker; the import runs on the server and shows in the panel.
export function ImportButton({ workspaceId, className, iconClassName }: { workspaceId: string; className?: string; iconClassName?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const { importFile } = useTransfers();
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()} data-testid="sidebar-import">
        <span className={iconClassName}>
          <Icon name="upload" />
        </span>
        Import
      </button>
      <input
        ref={input}
        type="file"
        accept={IMPORT_ACCEPT}
        hidden
        data-testid="import-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) importFile(workspaceId, file);
        }}
      />
    </>
  );
}
