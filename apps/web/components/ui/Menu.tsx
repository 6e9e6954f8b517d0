'use client';

import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { usePopover } from './Popover';
import styles from './ui.module.css';

export type MenuEntry = { label: string; onSelect: () => void; danger?: boolean; icon?: ReactNode; testId?: string } | 'separator';

// A menu button (WAI-ARIA pattern): Enter/Space/ArrowDown open it on the first item, arrows move,
// Home/End jump, Escape closes and returns focus to the button.
export function Menu({
  label,
  children,
  entries,
  align = 'left',
  up = false,
  triggerClassName,
  wrapClassName,
  testId,
}: {
  label: string;
  children: ReactNode;
  entries: MenuEntry[];
  align?: 'left' | 'right';
  // Open above the trigger (for menus at the bottom of the screen).
  up?: boolean;
  triggerClassName?: string;
  wrapClassName?: string;
  testId?: string;
}) {
  const { open, setOpen, wrapRef, triggerRef, close } = usePopover<HTMLButtonElement>();
  const listRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const items = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
  useEffect(() => {
    if (open) items()[0]?.focus();
  }, [open]);

  const onListKey = (e: KeyboardEvent) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (e.key === 'ArrowDown') focus(index + 1);
    else if (e.key === 'ArrowUp') focus(index - 1);
    else if (e.key === 'Home') focus(0);
    else if (e.key === 'End') focus(all.length - 1);
    else if (e.key === 'Tab') setOpen(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  return (
    <div className={wrapClassName ?? styles.menuWrap} ref={wrapRef}>
      <button
        ref={triggerRef}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        className={triggerClassName ?? styles.iconButton}
        data-testid={testId}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {children}
      </button>
      {open ? (
        <div id={id} role="menu" aria-label={label} ref={listRef} className={[styles.menu, align === 'right' && styles.menuRight, up && styles.menuUp].filter(Boolean).join(' ')} onKeyDown={onListKey}>
          {entries.map((entry, i) =>
            entry === 'separator' ? (
              <div key={`sep-${i}`} role="separator" className={styles.menuSeparator} />
            ) : (
              <button
                key={entry.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                data-testid={entry.testId}
                className={`${styles.menuItem} ${entry.danger ? styles.menuItemDanger : ''}`}
                onClick={(e) => {
                  e.stopPropagation();
                  close(false);
                  entry.onSelect();
                }}
              >
                {entry.icon ? <span aria-hidden>{entry.icon}</span> : null}
                {entry.label}
              </button>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}
