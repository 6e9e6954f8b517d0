'use client';

import type { PageView } from '@tandem/protocol';
import ui from '@/components/ui/ui.module.css';
import { Icon } from '@/components/ui/Icon';
import styles from './page.module.css';

export type PageOptionChange = Partial<Pick<PageView, 'fullWidth' | 'smallText' | 'locked' | 'template'>>;

// The page menu's options (inside the ⋯ page info menu): layout, the lock, marking as a template,
// duplicating, importing a CSV as a database inside the page. Editors only (the server lets an
// editor of a live page add pages under it, rows included); what a reader sees is decided by the
// page's stored options.
export function PageOptions({
  page,
  onChange,
  onDuplicate,
  duplicating,
  onImportCsv,
}: {
  page: PageView;
  onChange: (change: PageOptionChange) => void;
  onDuplicate: (subtree: boolean) => void;
  duplicating: boolean;
  onImportCsv: () => void;
}) {
  return (
    <div className={styles.pageOptions} data-testid="page-options">
      <Toggle label="Full width" on={page.fullWidth} onToggle={() => onChange({ fullWidth: !page.fullWidth })} testId="option-full-width" />
      <Toggle label="Small text" on={page.smallText} onToggle={() => onChange({ smallText: !page.smallText })} testId="option-small-text" />
      <Toggle label="Lock page" on={page.locked} onToggle={() => onChange({ locked: !page.locked })} testId="option-lock" />
      <Toggle label="Use as template" on={page.template} onToggle={() => onChange({ template: !page.template })} testId="option-template" />
      <div className={ui.menuSeparator} />
      <button type="button" className={ui.menuItem} disabled={duplicating} onClick={() => onDuplicate(false)} data-testid="duplicate-page">
        <Icon name="copy" size={14} /> Duplicate
      </button>
      <button type="button" className={ui.menuItem} disabled={duplicating} onClick={() => onDuplicate(true)} data-testid="duplicate-subtree">
        <Icon name="copy" size={14} /> Duplicate with sub-pages
      </button>
      <button type="button" className={ui.menuItem} aria-haspopup="dialog" onClick={onImportCsv} data-testid="import-csv-inside">
        <Icon name="upload" size={14} /> Import CSV inside…
      </button>
      <div className={ui.menuSeparator} />
    </div>
  );
}

function Toggle({ label, on, onToggle, testId }: { label: string; on: boolean; onToggle: () => void; testId: string }) {
  return (
    <button type="button" role="switch" aria-checked={on} className={`${ui.menuItem} ${styles.optionToggle}`} onClick={onToggle} data-testid={testId}>
      {label}
      <span className={styles.switch} data-on={on} aria-hidden />
    </button>
  );
}
