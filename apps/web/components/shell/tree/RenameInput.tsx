'use client';

import { useEffect, useRef, useState } from 'react';
import styles from './tree.module.css';

// A row's title turned into an input: Enter or leaving it saves, Escape cancels (null).
export function RenameInput({ initial, onDone }: { initial: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(title);
  };
  return (
    <input
      ref={ref}
      className={styles.rename}
      aria-label="Page title"
      data-testid="rename-input"
      value={value}
      maxLength={500}
      onChange={(e) => setValue(e.target.value)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(value.trim());
        if (e.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(value.trim())}
    />
  );
}
