'use client';

import { useSyncExternalStore } from 'react';
import type { Editor } from '@tiptap/react';
import { Avatar } from '@/components/ui/Avatar';
import styles from './editor.module.css';

// The page's "@" and "[[" picker (state in @tandem/editor's MentionSuggestions): people first, then
// pages, under the caret; kept inside the window on a phone.
export function MentionPickerView({ editor }: { editor: Editor }) {
  const picker = editor.storage.mentionSuggestions.picker;
  const snapshot = useSyncExternalStore(picker.subscribe, picker.getSnapshot, picker.getSnapshot);
  if (!snapshot.open) return null;
  const rect = snapshot.clientRect?.();
  const left = rect ? Math.max(8, Math.min(rect.left, window.innerWidth - 308)) : undefined;
  const firstPage = snapshot.items.findIndex((item) => item.kind === 'page');
  return (
    <ul className={styles.mentionPicker} role="listbox" aria-label="Mention a person or a page" data-testid="page-mention-picker" style={rect ? { top: rect.bottom + 4, left } : undefined}>
      {snapshot.items.length === 0 ? <li className={styles.mentionEmpty}>Nothing matches “{snapshot.query}”.</li> : null}
      {snapshot.items.map((item, i) => (
        <li key={`${item.kind}-${item.id}`}>
          {i === 0 && item.kind === 'person' ? <div className={styles.mentionGroup}>People</div> : null}
          {i === firstPage ? <div className={styles.mentionGroup}>Pages</div> : null}
          <button
            type="button"
            role="option"
            aria-selected={i === snapshot.selectedIndex}
            className={styles.mentionItem}
            data-kind={item.kind}
            onMouseDown={(event) => {
              event.preventDefault();
              picker.choose(i);
            }}
          >
            {item.kind === 'person' ? <Avatar id={item.id} name={item.name} size={20} /> : <span className={styles.mentionPageIcon}>{item.icon ?? '📄'}</span>}
            <span>{item.name || 'Untitled'}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
