'use client';

import { documentStats, type DocumentStats } from '@tandem/editor';
import type { Editor } from '@tiptap/react';
import { useState, type ReactNode } from 'react';
import { usePopover } from '@/components/ui/Popover';
import ui from '@/components/ui/ui.module.css';
import styles from './editor.module.css';

// The page menu: the page screen's options (`children`, for editors) above the facts: words,
// characters and reading time, counted when it opens (not on every keystroke) from the document
// as this tab has it. A page without a text body (a database) passes `textStats={false}`: the
// menu then holds only the options.
export function PageInfo({ editor, children, textStats = true }: { editor: Editor | null; children?: ReactNode; textStats?: boolean }) {
  const { open, setOpen, wrapRef, triggerRef } = usePopover<HTMLButtonElement>();
  const [stats, setStats] = useState<DocumentStats | null>(null);
  return (
    <div className={ui.menuWrap} ref={wrapRef}>
      <button
        ref={triggerRef}
        type="button"
        className={styles.pageInfoButton}
        aria-label="Page menu"
        title="Page menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="page-info-button"
        disabled={textStats && !editor}
        onClick={() => {
          if (textStats && editor) setStats(documentStats(editor.state.doc));
          setOpen(!open);
        }}
      >
        ⋯
      </button>
      {open && (stats || !textStats) ? (
        <div role="dialog" aria-label="Page menu" className={`${ui.menu} ${ui.menuRight} ${styles.pageInfo}`} data-testid="page-info">
          {children}
          {stats ? (
            <dl>
              <div>
                <dt>Words</dt>
                <dd data-testid="word-count">{stats.words.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Characters</dt>
                <dd>{stats.characters.toLocaleString()}</dd>
              </div>
              <div>
                <dt>Reading time</dt>
                <dd data-testid="reading-time">{stats.readingMinutes === 0 ? '—' : `${stats.readingMinutes} min`}</dd>
              </div>
            </dl>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
