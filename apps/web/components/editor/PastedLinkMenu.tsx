'use client';

import { useEffect, useLayoutEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Editor } from '@tiptap/react';
import { type BookmarkAttributes, EMBED_PROVIDER_NAMES, type PastedLink, replacePastedLink } from '@tandem/editor';
import { errorMessage } from '@/lib/api/client';
import styles from './editor.module.css';

interface PastedLinkMenuProps {
  editor: Editor;
  link: PastedLink;
  // Reads the card for the address on the server; absent when this person cannot ask.
  bookmarkFor?: (url: string) => Promise<BookmarkAttributes>;
  onClose: () => void;
}

// After a lone address is pasted (it is already a link): offers to make it an embed (allow-listed
// players) or a bookmark card. Keeping the link is the default; Escape, typing on or clicking
// elsewhere leaves it as it is.
export function PastedLinkMenu({ editor, link, bookmarkFor, onClose }: PastedLinkMenuProps) {
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useLayoutEffect(() => {
    try {
      const coords = editor.view.coordsAtPos(Math.min(link.to, editor.state.doc.content.size));
      setPosition({ top: coords.bottom + 6 + window.scrollY, left: Math.max(8, Math.min(coords.left, window.innerWidth - 240)) + window.scrollX });
    } catch {
      onClose();
    }
  }, [editor, link, onClose]);

  useEffect(() => {
    // Any move of the caret or edit of one's own closes the offer (others' edits do not).
    const onSelection = () => {
      if (editor.state.selection.from !== link.to) onClose();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    editor.on('selectionUpdate', onSelection);
    document.addEventListener('keydown', onKey);
    return () => {
      editor.off('selectionUpdate', onSelection);
      document.removeEventListener('keydown', onKey);
    };
  }, [editor, link, onClose]);

  const embed = link.embed;
  if (!embed && !bookmarkFor) return null;
  return createPortal(
    <div
      className={`${styles.floating} ${styles.pastedLink}`}
      style={{ position: 'absolute', top: position?.top ?? -9999, left: position?.left ?? -9999 }}
      role="menu"
      aria-label="Pasted link"
      data-testid="pasted-link-menu"
      onMouseDown={(event) => event.preventDefault()}
    >
      {embed && (
        <button
          type="button"
          role="menuitem"
          className={styles.slashItem}
          data-testid="pasted-link-embed"
          onClick={() => {
            replacePastedLink(editor, link, { type: 'embed', attrs: { ...embed } });
            onClose();
          }}
        >
          Embed {EMBED_PROVIDER_NAMES[embed.provider]}
        </button>
      )}
      {bookmarkFor && (
        <button
          type="button"
          role="menuitem"
          className={styles.slashItem}
          data-testid="pasted-link-bookmark"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            bookmarkFor(link.url).then(
              (bookmark) => {
                replacePastedLink(editor, link, { type: 'bookmark', attrs: { ...bookmark } });
                onClose();
              },
              (err: unknown) => {
                setBusy(false);
                setError(errorMessage(err));
              },
            );
          }}
        >
          {busy ? 'Reading the page…' : 'Create bookmark'}
        </button>
      )}
      <button type="button" role="menuitem" className={styles.slashItem} data-testid="pasted-link-keep" onClick={onClose}>
        Keep as link
      </button>
      {error && (
        <p className={styles.linkError} role="alert">
          {error}
        </p>
      )}
    </div>,
    document.body,
  );
}
