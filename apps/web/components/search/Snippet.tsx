import type { SnippetPart } from '@tandem/protocol';
import styles from './search.module.css';

// A search snippet: plain text parts, the matched ones marked. Built from React text nodes only, so
// whatever the page's text contains is shown as text, never interpreted as markup.
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  if (!parts.length) return null;
  return (
    <span className={styles.snippet}>
      {parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}

// "Parent / Child": where a page sits, through the ancestors the reader can see.
export function PathText({ path }: { path: Array<{ id: string; title: string }> }) {
  if (!path.length) return null;
  return <span className={styles.path}>{path.map((p) => p.title || 'Untitled').join(' / ')}</span>;
}
