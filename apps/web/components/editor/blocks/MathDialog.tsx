'use client';

import { useEffect, useMemo, useState } from 'react';
import katex from 'katex';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import styles from './blocks.module.css';

export interface MathRequest {
  kind: 'inlineMath' | 'blockMath';
  /** The formula being edited; empty for a new one. */
  initial: string;
}

// Writes or edits a LaTeX formula, with a live KaTeX preview (rendered here, nothing fetched).
export function MathDialog({ request, onDone }: { request: MathRequest | null; onDone: (latex: string | null) => void }) {
  const [latex, setLatex] = useState('');
  useEffect(() => setLatex(request?.initial ?? ''), [request]);
  const preview = useMemo(() => {
    if (!latex.trim()) return { html: '', error: null as string | null };
    try {
      return { html: katex.renderToString(latex, { displayMode: request?.kind === 'blockMath', throwOnError: true }), error: null };
    } catch (error) {
      return { html: '', error: (error as Error).message.replace(/^KaTeX parse error: /, '') };
    }
  }, [latex, request?.kind]);
  return (
    <Dialog open={request !== null} onClose={() => onDone(null)} title={request?.kind === 'inlineMath' ? 'Inline equation' : 'Block equation'}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onDone(latex.trim() || null);
        }}
      >
        <label className={styles.mathLabel}>
          LaTeX
          <textarea
            className={styles.mathInput}
            value={latex}
            autoFocus
            rows={3}
            spellCheck={false}
            placeholder="e.g. \frac{a}{b} or E = mc^2"
            data-testid="math-input"
            onChange={(event) => setLatex(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                onDone(latex.trim() || null);
              }
            }}
          />
        </label>
        <div className={styles.mathPreview} aria-live="polite" data-testid="math-preview">
          {preview.error ? <span className={styles.mathError}>{preview.error}</span> : <span dangerouslySetInnerHTML={{ __html: preview.html }} />}
        </div>
        <div className={styles.dialogActions}>
          <Button onClick={() => onDone(null)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!latex.trim()}>
            Done
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
