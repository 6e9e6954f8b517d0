'use client';

import Link from 'next/link';
import { useEffect, useId, useRef } from 'react';
import { Icon, PageIcon } from '@/components/ui/Icon';
import { matchCount } from './match-count';
import { PathText, Snippet } from './Snippet';
import { useQuickFind } from './useQuickFind';
import styles from './search.module.css';

// Quick find (Ctrl/Cmd+K): a modal <dialog> whose first control is the search field, so opening it
// puts the caret there. A combobox over a listbox: arrows move the active row, Enter opens it.
export function QuickFind({ workspaceId, open, onClose }: { workspaceId: string; open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const find = useQuickFind(workspaceId, open, onClose);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const optionId = (i: number) => `${listId}-${i}`;
  const activeItem = find.items[find.active];

  return (
    <dialog
      ref={ref}
      className={styles.quickFind}
      aria-label="Quick find"
      data-testid="quick-find"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      {open ? (
        <>
          <div className={styles.inputRow}>
            <Icon name="search" size={18} />
            <input
              className={styles.input}
              type="search"
              role="combobox"
              aria-expanded={find.items.length > 0}
              aria-controls={listId}
              aria-activedescendant={activeItem ? optionId(find.active) : undefined}
              aria-autocomplete="list"
              aria-label="Search pages"
              placeholder="Search pages…"
              autoComplete="off"
              spellCheck={false}
              maxLength={256}
              value={find.query}
              onChange={(e) => find.setQuery(e.target.value)}
              onKeyDown={find.onKeyDown}
              data-testid="quick-find-input"
            />
            {find.pending ? <span className={styles.spinner} aria-hidden /> : null}
          </div>
          <div className={styles.listHeading} id={`${listId}-heading`}>
            {find.searching ? (find.pending && !find.items.length ? 'Searching…' : matchCount(find.total, find.totalCapped)) : 'Recent pages'}
          </div>
          <ul className={styles.list} id={listId} role="listbox" aria-labelledby={`${listId}-heading`} data-testid="quick-find-results">
            {find.items.map((item, i) => (
              <li
                key={item.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === find.active}
                className={`${styles.option} ${i === find.active ? styles.optionActive : ''}`}
                onMouseMove={() => find.active !== i && find.setActive(i)}
                onClick={(e) => find.openItem(item, e.metaKey || e.ctrlKey)}
                data-testid="quick-find-option"
              >
                <span className={styles.optionIcon}>
                  <PageIcon icon={item.icon} />
                </span>
                <span className={styles.optionText}>
                  <span className={styles.optionTitleRow}>
                    <span className={styles.optionTitle}>{item.title || 'Untitled'}</span>
                    <PathText path={item.path} />
                  </span>
                  <Snippet parts={item.snippet} />
                </span>
              </li>
            ))}
          </ul>
          {!find.items.length && !find.pending ? (
            <p className={styles.empty}>
              {find.failed ? 'Search is not available right now.' : find.searching ? 'No pages match.' : 'Pages you open show up here.'}
            </p>
          ) : null}
          <div className={styles.footer}>
            <span>
              <kbd>↑</kbd> <kbd>↓</kbd> to move · <kbd>Enter</kbd> to open · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> new tab
            </span>
            {find.searching ? (
              <Link href={`/w/${workspaceId}/search?q=${encodeURIComponent(find.query.trim())}`} onClick={onClose} data-testid="quick-find-all">
                All results
              </Link>
            ) : null}
          </div>
        </>
      ) : null}
    </dialog>
  );
}
