import Link from 'next/link';
import styles from './auth.module.css';

export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <Link href="/" className={`${styles.brand} ${compact ? styles.compact : ''}`}>
      <span className={styles.logo} aria-hidden>
        T
      </span>
      Tandem
    </Link>
  );
}
