import type { OptionColor } from '@tandem/database';
import styles from './database.module.css';

// An option as a coloured chip: the document palette's highlight and text shades per theme.
export function OptionChip({ name, color, status }: { name: string; color: OptionColor; status?: boolean }) {
  const style = color === 'default' ? undefined : { background: `var(--tandem-highlight-${color})`, color: `var(--tandem-text-${color})` };
  return (
    <span className={styles.chip} style={style} data-testid="option-chip">
      {status ? <span className={styles.statusDot} aria-hidden /> : null}
      {name}
    </span>
  );
}
