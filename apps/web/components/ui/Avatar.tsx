import { colorFor } from '@/lib/colors';
import styles from './ui.module.css';

export function Avatar({ id, name, size = 22 }: { id: string; name: string; size?: number }) {
  const initial = (name.trim()[0] ?? '?').toUpperCase();
  return (
    <span className={styles.avatar} style={{ background: colorFor(id), width: size, height: size, fontSize: size * 0.55 }} aria-hidden>
      {initial}
    </span>
  );
}
