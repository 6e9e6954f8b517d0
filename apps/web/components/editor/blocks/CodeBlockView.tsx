'use client';

import { useEffect, useState } from 'react';
import { NodeViewContent, NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { CODE_LANGUAGES } from '@tandem/editor';
import styles from './blocks.module.css';

// A code block: the language picker writes the node's `language` (highlighting is lowlight
// decorations), the copy button copies the block's text.
export function CodeBlockView({ node, updateAttributes, editor }: ReactNodeViewProps) {
  const language = (node.attrs.language as string | null) ?? 'plaintext';
  const [copied, setCopied] = useState(false);
  const known = CODE_LANGUAGES.some((entry) => entry.id === language);
  // "Copied" shows for a moment; the timer goes with the block if it is removed meanwhile.
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(node.textContent);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <NodeViewWrapper className={styles.code} data-testid="code-block">
      <div className={styles.codeBar} contentEditable={false}>
        <select
          className={styles.codeLanguage}
          aria-label="Code language"
          value={language}
          disabled={!editor.isEditable}
          onChange={(event) => updateAttributes({ language: event.target.value === 'plaintext' ? null : event.target.value })}
        >
          {known ? null : <option value={language}>{language}</option>}
          {CODE_LANGUAGES.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
        <button type="button" className={styles.codeCopy} onClick={() => void copy()} aria-label="Copy code" data-testid="code-copy">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre spellCheck={false}>
        <NodeViewContent<'code'> as="code" className={language ? `language-${language}` : undefined} />
      </pre>
    </NodeViewWrapper>
  );
}
