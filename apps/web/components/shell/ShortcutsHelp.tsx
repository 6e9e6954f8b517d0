'use client';

import { useEffect, useState } from 'react';
import { APP_SHORTCUTS, KEYBOARD_SHORTCUTS, MARKDOWN_SHORTCUTS, formatShortcut } from '@tandem/editor';
import { Dialog } from '@/components/ui/Dialog';
import { useIsMac } from '@/components/editor/SlashMenuView';
import styles from './shortcuts.module.css';

// Ctrl/Cmd+/ anywhere in the shell: every shortcut, from the lists in @tandem/editor's shortcuts.ts
// (the same ones the editor binds and the menus show), so this sheet cannot drift from the keys.
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  const isMac = useIsMac();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key === '/') {
        event.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const sections = [
    { title: 'Formatting and blocks', rows: KEYBOARD_SHORTCUTS.map((s) => ({ key: formatShortcut(s.keys, isMac), action: s.action })) },
    { title: 'Typing shortcuts', rows: MARKDOWN_SHORTCUTS.map((s) => ({ key: s.typed, action: s.result })) },
    { title: 'App', rows: APP_SHORTCUTS.map((s) => ({ key: formatShortcut(s.keys, isMac), action: s.action })) },
  ];
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts">
      <div className={styles.sheet} data-testid="shortcuts-help">
        {sections.map((section) => (
          <section key={section.title}>
            <h3 className={styles.heading}>{section.title}</h3>
            <dl className={styles.list}>
              {section.rows.map((row) => (
                <div key={`${row.key}-${row.action}`} className={styles.row}>
                  <dt>{row.action}</dt>
                  <dd>
                    <kbd>{row.key}</kbd>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
