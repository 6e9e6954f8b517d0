'use client';

import { useEffect, useRef, useState } from 'react';
import { ApiLimits } from '@tandem/protocol';
import styles from './page.module.css';

const SAVE_AFTER_MS = 500;

// The page title: typed freely, saved shortly after typing stops and on leaving the field. The
// server's title replaces the draft only while the user is not typing in it.
export function PageTitle({ title, readOnly, onSave }: { title: string; readOnly: boolean; onSave: (title: string) => void }) {
  const [draft, setDraft] = useState(title);
  const editing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saved = useRef(title);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    saved.current = title;
    if (!editing.current) setDraft(title);
  }, [title]);

  // A brand-new page opens with the cursor in its title.
  useEffect(() => {
    if (!readOnly && !title) ref.current?.focus();
    // Only on mount: refocusing on every save would steal focus from the editor.
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);

  const flush = (value: string) => {
    clearTimeout(timer.current);
    const next = value.replace(/\s+/g, ' ').trim();
    if (next !== saved.current) {
      saved.current = next;
      onSave(next);
    }
  };

  return (
    <textarea
      ref={ref}
      className={styles.title}
      aria-label="Page title"
      data-testid="page-title"
      placeholder="Untitled"
      rows={1}
      readOnly={readOnly}
      maxLength={ApiLimits.pageTitleMax}
      value={draft}
      onFocus={() => (editing.current = true)}
      onChange={(e) => {
        const value = e.target.value.replace(/\n/g, '');
        setDraft(value);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => flush(value), SAVE_AFTER_MS);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.currentTarget.blur();
        }
      }}
      onBlur={() => {
        editing.current = false;
        flush(draft);
      }}
    />
  );
}
