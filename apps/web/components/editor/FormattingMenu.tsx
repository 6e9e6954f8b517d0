'use client';

import { useEffect, useRef, useState } from 'react';
import { useEditorState, type Editor } from '@tiptap/react';
import { BubbleMenu } from '@tiptap/react/menus';
import { NodeSelection, type Selection } from '@tiptap/pm/state';
import { PALETTE, formatShortcut, isAllowedLinkUrl } from '@tandem/editor';
import { useIsMac } from './SlashMenuView';
import styles from './editor.module.css';

const MARKS = [
  { mark: 'bold', label: 'Bold', text: 'B', keys: 'Mod-b', style: { fontWeight: 700 } },
  { mark: 'italic', label: 'Italic', text: 'i', keys: 'Mod-i', style: { fontStyle: 'italic', fontFamily: 'Georgia, serif' } },
  { mark: 'underline', label: 'Underline', text: 'U', keys: 'Mod-u', style: { textDecoration: 'underline' } },
  { mark: 'strike', label: 'Strikethrough', text: 'S', keys: 'Mod-Shift-s', style: { textDecoration: 'line-through' } },
  { mark: 'code', label: 'Inline code', text: '</>', keys: 'Mod-e', style: { fontFamily: 'var(--font-mono)', fontSize: 12 } },
] as const;

// Turns what people type ("example.com") into an absolute URL the schema accepts.
export function normaliseLinkInput(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : value.includes('@') && !value.includes('/') ? `mailto:${value}` : `https://${value}`;
  return isAllowedLinkUrl(withScheme) ? withScheme : null;
}

// The bubble menu over a text selection: marks, and adding / editing / removing a link.
export function FormattingMenu({ editor, linkRequest, onComment }: { editor: Editor; linkRequest: number; onComment?: () => void }) {
  const isMac = useIsMac();
  const [editingLink, setEditingLink] = useState(false);
  const [colours, setColours] = useState(false);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      strike: e.isActive('strike'),
      code: e.isActive('code'),
      link: e.isActive('link'),
      href: (e.getAttributes('link').href as string | undefined) ?? '',
      color: (e.getAttributes('textStyle').color as string | undefined) ?? null,
      highlight: e.isActive('highlight') ? ((e.getAttributes('highlight').color as string | undefined) ?? 'yellow') : null,
    }),
  });

  // Mod-k asks for the link editor (counter, so the same request twice still opens it).
  useEffect(() => {
    if (linkRequest > 0 && !editor.state.selection.empty) setEditingLink(true);
  }, [linkRequest, editor]);

  return (
    <BubbleMenu
      editor={editor}
      className={styles.floating}
      options={{ placement: 'top', offset: 8, flip: true }}
      // Only while the page (or this menu, e.g. its link form) has focus: once a comment's composer
      // takes it, the selection stays but the menu goes.
      shouldShow={({ editor: e, state, view, element }) =>
        e.isEditable &&
        !state.selection.empty &&
        !e.isActive('codeBlock') &&
        // A selected block with no text of its own (an image, an embed, a bookmark) has nothing to format.
        !isSelectedAtom(state.selection) &&
        (view.hasFocus() || element.contains(document.activeElement))
      }
    >
      <div data-testid="bubble-menu">
        {editingLink ? (
          <LinkForm
            initial={active.href}
            onDone={(href) => {
              setEditingLink(false);
              if (href === null) return;
              if (href === '') editor.chain().focus().extendMarkRange('link').unsetMark('link').run();
              else editor.chain().focus().extendMarkRange('link').setMark('link', { href }).run();
            }}
          />
        ) : colours ? (
          <ColourPanel
            color={active.color}
            highlight={active.highlight}
            onColor={(color) => {
              if (color) editor.chain().focus().setColor(color).run();
              else editor.chain().focus().unsetColor().run();
            }}
            onHighlight={(color) => {
              if (color) editor.chain().focus().setHighlight({ color }).run();
              else editor.chain().focus().unsetHighlight().run();
            }}
            onClose={() => setColours(false)}
          />
        ) : (
          <div className={styles.bubble} role="toolbar" aria-label="Format text">
            {MARKS.map(({ mark, label, text, keys, style }) => (
              <button
                key={mark}
                type="button"
                className={styles.bubbleButton}
                aria-pressed={active[mark]}
                aria-label={`${label} (${formatShortcut(keys, isMac)})`}
                title={`${label} ${formatShortcut(keys, isMac)}`}
                onClick={() => editor.chain().focus().toggleMark(mark).run()}
                style={style}
              >
                {text}
              </button>
            ))}
            <span className={styles.bubbleDivider} aria-hidden />
            <button
              type="button"
              className={styles.bubbleButton}
              aria-pressed={active.link}
              aria-label={`Link (${formatShortcut('Mod-k', isMac)})`}
              title={`Link ${formatShortcut('Mod-k', isMac)}`}
              onClick={() => setEditingLink(true)}
            >
              Link
            </button>
            <span className={styles.bubbleDivider} aria-hidden />
            <button
              type="button"
              className={styles.bubbleButton}
              aria-pressed={active.color !== null || active.highlight !== null}
              aria-label="Text colour and highlight"
              title="Colour"
              data-testid="colour-button"
              onClick={() => setColours(true)}
            >
              <span className={styles.colourA} data-color={active.color ?? undefined}>
                A
              </span>
            </button>
            {onComment ? (
              <>
                <span className={styles.bubbleDivider} aria-hidden />
                <CommentButton onComment={onComment} isMac={isMac} />
              </>
            ) : null}
          </div>
        )}
      </div>
    </BubbleMenu>
  );
}

function CommentButton({ onComment, isMac }: { onComment: () => void; isMac: boolean }) {
  return (
    <button
      type="button"
      className={styles.bubbleButton}
      aria-label={`Comment (${formatShortcut('Mod-Alt-m', isMac)})`}
      title={`Comment ${formatShortcut('Mod-Alt-m', isMac)}`}
      onClick={onComment}
      data-testid="comment-button"
    >
      Comment
    </button>
  );
}

// For people who may comment but not edit: the bubble over a selection offers only "Comment".
export function CommentOnlyMenu({ editor, onComment }: { editor: Editor; onComment: () => void }) {
  const isMac = useIsMac();
  return (
    <BubbleMenu editor={editor} className={styles.floating} options={{ placement: 'top', offset: 8, flip: true }} shouldShow={({ state }) => !state.selection.empty}>
      <div className={styles.bubble} role="toolbar" aria-label="Comment on the selection" data-testid="bubble-menu">
        <CommentButton onComment={onComment} isMac={isMac} />
      </div>
    </BubbleMenu>
  );
}

function isSelectedAtom(selection: Selection): boolean {
  return selection instanceof NodeSelection && selection.node.isAtom;
}

// The palette (names, drawn through the theme's variables) for text and for highlights.
function ColourPanel({
  color,
  highlight,
  onColor,
  onHighlight,
  onClose,
}: {
  color: string | null;
  highlight: string | null;
  onColor: (color: string | null) => void;
  onHighlight: (color: string | null) => void;
  onClose: () => void;
}) {
  return (
    <div className={styles.colourPanel} data-testid="colour-panel" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div className={styles.colourHeading}>Text colour</div>
      <div className={styles.colourRow} role="group" aria-label="Text colour">
        <button type="button" className={styles.colourChip} aria-pressed={color === null} aria-label="Default text colour" onClick={() => onColor(null)}>
          A
        </button>
        {PALETTE.map((name) => (
          <button key={name} type="button" className={styles.colourChip} data-color={name} aria-pressed={color === name} aria-label={`${name} text`} title={name} onClick={() => onColor(name)}>
            A
          </button>
        ))}
      </div>
      <div className={styles.colourHeading}>Highlight</div>
      <div className={styles.colourRow} role="group" aria-label="Highlight">
        <button type="button" className={styles.colourChip} aria-pressed={highlight === null} aria-label="No highlight" onClick={() => onHighlight(null)}>
          ∅
        </button>
        {PALETTE.map((name) => (
          <button key={name} type="button" className={styles.colourChip} data-highlight={name} aria-pressed={highlight === name} aria-label={`${name} highlight`} title={name} onClick={() => onHighlight(name)}>
            A
          </button>
        ))}
      </div>
      <button type="button" className={styles.bubbleButton} onClick={onClose}>
        Done
      </button>
    </div>
  );
}

function LinkForm({ initial, onDone }: { initial: string; onDone: (href: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!value.trim()) return onDone('');
        const href = normaliseLinkInput(value);
        if (!href) return setError('Use a web address (https://…) or an email address.');
        onDone(href);
      }}
    >
      <div className={styles.linkForm}>
        <input
          ref={input}
          className={styles.linkInput}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone(null);
          }}
          placeholder="Paste or type a link…"
          aria-label="Link address"
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className={styles.bubbleButton}>
          Apply
        </button>
        {initial && (
          <button type="button" className={styles.bubbleButton} onClick={() => onDone('')}>
            Remove
          </button>
        )}
      </div>
      {error && (
        <div className={styles.linkError} role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
