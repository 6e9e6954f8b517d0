'use client';

import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { Editor } from '@tiptap/react';
import { formatShortcut, type SlashCommand } from '@tandem/editor';
import styles from './editor.module.css';

const ICONS: Record<string, string> = {
  paragraph: 'T',
  heading1: 'H1',
  heading2: 'H2',
  heading3: 'H3',
  bulletList: '•',
  orderedList: '1.',
  taskList: '☑',
  blockquote: '❝',
  codeBlock: '</>',
  horizontalRule: '—',
  table: '▦',
  image: '🖼',
  embed: '▶',
  bookmark: '🔖',
  columns2: '▥',
  columns3: '▥',
  columns4: '▥',
};

// Renders this editor's slash-menu state (owned by the SlashMenu extension) next to the "/".
export function SlashMenuView({ editor }: { editor: Editor }) {
  const controller = editor.storage.slashMenu.controller;
  const menu = useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const isMac = useIsMac();

  useLayoutEffect(() => {
    if (!menu.open) return setPosition(null);
    const rect = menu.clientRect?.();
    if (!rect) return;
    const height = ref.current?.offsetHeight ?? 300;
    const width = ref.current?.offsetWidth ?? 300;
    // Below the "/" unless that runs off the screen; then above it.
    const below = rect.bottom + 6;
    const top = below + height > window.innerHeight - 8 ? Math.max(8, rect.top - height - 6) : below;
    const left = Math.min(rect.left, window.innerWidth - width - 8);
    setPosition({ top: top + window.scrollY, left: Math.max(8, left) + window.scrollX });
  }, [menu]);

  useEffect(() => {
    ref.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [menu.selectedIndex]);

  if (!menu.open) return null;
  let lastGroup = '';
  return createPortal(
    <div
      ref={ref}
      className={`${styles.floating} ${styles.slash}`}
      style={{ position: 'absolute', top: position?.top ?? -9999, left: position?.left ?? -9999 }}
      role="listbox"
      aria-label="Insert a block"
      data-testid="slash-menu"
      // Keep focus in the editor so typing keeps filtering.
      onMouseDown={(event) => event.preventDefault()}
    >
      {menu.items.length === 0 && <div className={styles.slashEmpty}>No blocks match “{menu.query}”</div>}
      {menu.items.map((command: SlashCommand, index) => {
        const header = command.group !== lastGroup ? command.group : null;
        lastGroup = command.group;
        return (
          <div key={command.id}>
            {header && <div className={styles.slashGroup}>{header}</div>}
            <button
              type="button"
              role="option"
              aria-selected={index === menu.selectedIndex}
              className={styles.slashItem}
              onMouseEnter={() => controller.highlight(index)}
              onClick={() => controller.choose(index)}
              data-testid={`slash-item-${command.id}`}
            >
              <span className={styles.slashIcon} aria-hidden>
                {ICONS[command.id] ?? '+'}
              </span>
              <span className={styles.slashText}>
                <span className={styles.slashTitle}>{command.title}</span>
                <span className={styles.slashDescription}>{command.description}</span>
              </span>
              {command.shortcut && <span className={styles.slashShortcut}>{formatShortcut(command.shortcut, isMac)}</span>}
            </button>
          </div>
        );
      })}
    </div>,
    document.body,
  );
}

export function useIsMac(): boolean {
  return useSyncExternalStore(
    () => () => undefined,
    () => /Mac|iPhone|iPad/.test(navigator.platform),
    () => false,
  );
}
