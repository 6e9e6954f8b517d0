'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { usePopover } from './Popover';
import styles from './ui.module.css';

// A small curated set: enough to tell pages apart at a glance, no emoji database shipped.
export const PAGE_ICONS = [
  '📄', '📝', '📌', '📎', '📚', '📖', '🗂️', '🗒️',
  '✅', '☑️', '🎯', '🚀', '💡', '🔥', '⭐', '❤️',
  '📅', '⏰', '📈', '📊', '💼', '🏷️', '🔖', '🧭',
  '🏠', '🌱', '🌍', '☕', '🎨', '🎵', '📷', '🎬',
  '🧪', '🛠️', '⚙️', '🐛', '🔒', '🔑', '💬', '📣',
  '👋', '🙂', '🤝', '👥', '🧠', '🍀', '🌈', '✈️',
];

export function IconPicker({
  icon,
  onChange,
  label,
  children,
  triggerClassName,
  disabled,
  tabIndex,
}: {
  icon: string | null;
  onChange: (icon: string | null) => void;
  label: string;
  children: ReactNode;
  triggerClassName?: string;
  disabled?: boolean;
  tabIndex?: number;
}) {
  const { open, setOpen, wrapRef, triggerRef, close } = usePopover<HTMLButtonElement>();
  const gridRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) gridRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);
  const choose = (value: string | null) => {
    close();
    if (value !== icon) onChange(value);
  };
  return (
    <div className={styles.menuWrap} ref={wrapRef}>
      <button
        ref={triggerRef}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={disabled}
        tabIndex={tabIndex}
        className={triggerClassName}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}
      >
        {children}
      </button>
      {open ? (
        <div role="dialog" aria-label="Choose an icon" className={styles.menu}>
          <div className={styles.emojiGrid} ref={gridRef}>
            {PAGE_ICONS.map((emoji) => (
              <button key={emoji} type="button" className={styles.emoji} aria-label={`Icon ${emoji}`} aria-pressed={emoji === icon} onClick={() => choose(emoji)}>
                {emoji}
              </button>
            ))}
          </div>
          {icon ? (
            <div className={styles.emojiFooter}>
              <button type="button" className={`${styles.button} ${styles.small} ${styles.ghost}`} onClick={() => choose(null)}>
                Remove icon
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
