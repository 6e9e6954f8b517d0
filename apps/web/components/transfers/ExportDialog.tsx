'use client';

import { useState, type FormEvent } from 'react';
import type { ExportFormat } from '@tandem/protocol';
import type { ExportScope } from '@/lib/api/transfers';
import { printPage } from '@/lib/print';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { useTransfers } from './TransfersProvider';
import styles from './transfers.module.css';

type Format = ExportFormat | 'pdf';

const FORMATS: Array<{ value: Format; label: string; hint: string }> = [
  { value: 'markdown', label: 'Markdown', hint: 'A zip: a .md file per page, folders for sub-pages, files included.' },
  { value: 'html', label: 'HTML', hint: 'One self-contained file, images included.' },
  { value: 'pdf', label: 'PDF', hint: "This page, through your browser's print dialog (Save as PDF)." },
];

// Export of the page, the page with its sub-pages, or (owners and admins) the whole workspace.
// Markdown and HTML run on the server and show in the transfers panel; PDF is the browser's print
// of the page with the print stylesheet (see docs/DECISIONS.md).
export function ExportDialog({
  open,
  onClose,
  workspaceId,
  page,
  canExportWorkspace,
}: {
  open: boolean;
  onClose: () => void;
  workspaceId: string;
  page: { id: string; title: string };
  canExportWorkspace: boolean;
}) {
  const { exportPages } = useTransfers();
  const [scope, setScope] = useState<ExportScope>('page');
  const [format, setFormat] = useState<Format>('markdown');
  const pdf = format === 'pdf';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onClose();
    if (pdf) {
      // After the dialog has closed, so it is not in the print.
      requestAnimationFrame(printPage);
      return;
    }
    void exportPages(scope, { workspaceId, pageId: page.id, title: page.title }, format);
  };
  const scopes: Array<{ value: ExportScope; label: string }> = [
    { value: 'page', label: 'This page' },
    { value: 'subpages', label: 'This page and its sub-pages' },
    ...(canExportWorkspace ? [{ value: 'workspace' as const, label: 'The whole workspace' }] : []),
  ];
  return (
    <Dialog open={open} onClose={onClose} title="Export">
      <form onSubmit={submit} className={styles.exportForm} data-testid="export-dialog">
        <fieldset className={styles.fieldset}>
          <legend>What</legend>
          {scopes.map((s) => (
            <label key={s.value} className={styles.choice}>
              <input type="radio" name="scope" value={s.value} checked={(pdf ? 'page' : scope) === s.value} disabled={pdf && s.value !== 'page'} onChange={() => setScope(s.value)} />
              {s.label}
            </label>
          ))}
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.value} className={styles.choice}>
              <input type="radio" name="format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} />
              <span>
                {f.label}
                <small className={styles.hint}>{f.hint}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary" data-testid="export-start">
          {pdf ? 'Print to PDF' : 'Export'}
        </Button>
      </form>
    </Dialog>
  );
}
