'use client';

import { NodeViewWrapper, useEditorState, type ReactNodeViewProps } from '@tiptap/react';
import { documentHeadings } from '@tandem/editor';
import styles from './blocks.module.css';

// The page's headings, recomputed from the document as it changes (nothing stored in the block).
export function TableOfContentsView({ editor }: ReactNodeViewProps) {
  const headings = useEditorState({ editor, selector: ({ editor: current }) => documentHeadings(current.state.doc), equalityFn: sameHeadings }) ?? [];
  // Indent relative to the page's shallowest heading: a page of H2s and H3s starts at the margin.
  const top = Math.min(...headings.map((heading) => heading.level));
  const jump = (pos: number) => {
    const dom = editor.view.nodeDOM(pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };
  return (
    <NodeViewWrapper className={styles.toc} data-testid="table-of-contents" contentEditable={false}>
      {headings.length === 0 ? (
        <p className={styles.tocEmpty}>Add headings to the page and they will be listed here.</p>
      ) : (
        <ol>
          {headings.map((heading) => (
            <li key={heading.pos} data-depth={heading.level - top}>
              <button type="button" onClick={() => jump(heading.pos)}>
                {heading.text || 'Untitled heading'}
              </button>
            </li>
          ))}
        </ol>
      )}
    </NodeViewWrapper>
  );
}

function sameHeadings(a: ReturnType<typeof documentHeadings>, b: ReturnType<typeof documentHeadings> | null): boolean {
  return !!b && a.length === b.length && a.every((h, i) => h.pos === b[i]!.pos && h.text === b[i]!.text && h.level === b[i]!.level);
}
