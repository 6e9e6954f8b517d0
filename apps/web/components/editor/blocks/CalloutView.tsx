'use client';

import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { PALETTE, type PaletteColor } from '@tandem/editor';
import { IconPicker } from '@/components/ui/IconPicker';
import styles from './blocks.module.css';

// A callout: the emoji opens the icon picker, the swatches change the background. Both are
// attributes of the shared node, so everyone sees the change.
export function CalloutView({ node, updateAttributes, editor }: ReactNodeViewProps) {
  const emoji = String(node.attrs.emoji);
  const color = node.attrs.color as PaletteColor;
  const editable = editor.isEditable;
  return (
    <NodeViewWrapper className={styles.callout} data-type="callout" data-color={color} data-testid="callout">
      <div className={styles.calloutSide} contentEditable={false}>
        <IconPicker icon={emoji} label="Change the callout’s icon" disabled={!editable} triggerClassName={styles.calloutEmoji} onChange={(next) => next && updateAttributes({ emoji: next })}>
          <span aria-hidden>{emoji}</span>
        </IconPicker>
        {editable ? (
          <div className={styles.swatches} role="group" aria-label="Callout colour">
            {PALETTE.map((name) => (
              <button
                key={name}
                type="button"
                className={styles.swatch}
                data-color={name}
                aria-label={`${name} background`}
                aria-pressed={name === color}
                title={name}
                onClick={() => updateAttributes({ color: name })}
              />
            ))}
          </div>
        ) : null}
      </div>
      <NodeViewContent className={styles.calloutBody} />
    </NodeViewWrapper>
  );
}
