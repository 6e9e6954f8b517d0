'use client';

import { useMemo, useRef, useState } from 'react';
import { type FilterScope, formatSummary, type Property, type Row, SUMMARY_LABELS, summarize, summaryKindsFor, type SummaryKind, type View } from '@tandem/database';
import { withSummary } from '@/lib/database/views';
import { useDatabase } from './DatabaseContext';
import { EditorPopover } from './EditorPopover';
import type { Sticky } from './useColumnLayout';
import styles from './database.module.css';

// The table's footer: under each column the summary the view chose for it, computed over the
// rows the view shows now (its filter and the search), so the figure always matches the rows above.
export function SummaryRow({
  view,
  rows,
  columns,
  scope,
  template,
  sticky,
  gutter,
}: {
  view: View;
  rows: Row[];
  columns: Property[];
  scope: FilterScope;
  template: string;
  sticky: (col: number) => Sticky;
  gutter: Sticky;
}) {
  return (
    <div className={styles.summaryRow} role="row" style={{ gridTemplateColumns: template }} data-testid="summary-row">
      <div className={gutter.className} style={gutter.style} role="gridcell" />
      {columns.map((property, col) => (
        <SummaryCell key={property.id} view={view} rows={rows} property={property} scope={scope} place={sticky(col)} />
      ))}
      <div className={styles.cellFill} />
    </div>
  );
}

function SummaryCell({ view, rows, property, scope, place }: { view: View; rows: Row[]; property: Property; scope: FilterScope; place: Sticky }) {
  const { editable, editView } = useDatabase();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  const kind = view.summaries?.[property.id];
  // Recomputed only when the rows or the choice change (a 10,000-row sum is a few milliseconds).
  const text = useMemo(() => (kind ? formatSummary(summarize(kind, property, rows, scope), property, scope.resolver.context.timeZone) : null), [kind, property, rows, scope]);
  const choose = (next: SummaryKind | null) => {
    editView(view.id, (v) => withSummary(v, property.id, next));
    setOpen(false);
  };
  return (
    <div className={`${styles.summaryCell} ${place.className}`} style={place.style} role="gridcell">
      <button
        ref={ref}
        type="button"
        className={`${styles.summaryButton} ${kind ? styles.summaryShown : ''}`}
        disabled={!editable && !kind}
        onClick={() => editable && setOpen(!open)}
        aria-haspopup={editable ? 'menu' : undefined}
        aria-label={kind ? `${SUMMARY_LABELS[kind]} of ${property.name}: ${text}` : `Summarise ${property.name}`}
        data-testid="summary"
        data-property={property.name}
        data-kind={kind ?? ''}
      >
        {kind ? (
          <>
            <span className={styles.summaryLabel}>{SUMMARY_LABELS[kind]}</span>
            <span className={styles.summaryValue} data-testid="summary-value">
              {text}
            </span>
          </>
        ) : editable ? (
          <span className={styles.summaryLabel}>Calculate</span>
        ) : null}
      </button>
      {open ? (
        <EditorPopover anchor={ref.current} onClose={() => setOpen(false)} minWidth={200}>
          <div className={styles.popover} role="menu" aria-label={`Summary of ${property.name}`} data-testid="summary-menu">
            <button type="button" role="menuitem" className={styles.menuItem} onClick={() => choose(null)} aria-current={!kind}>
              None
            </button>
            {summaryKindsFor(property).map((k) => (
              <button key={k} type="button" role="menuitem" className={`${styles.menuItem} ${k === kind ? styles.menuItemOn : ''}`} onClick={() => choose(k)} data-kind={k}>
                {SUMMARY_LABELS[k]}
              </button>
            ))}
          </div>
        </EditorPopover>
      ) : null}
    </div>
  );
}
