import styles from './ui.module.css';

const COLORS = ['#e16259', '#d9730d', '#cb912f', '#448361', '#337ea9', '#9065b0', '#c14c8a', '#787774'];

// A stable colour per person, from their id, so the same person looks the same everywhere.
export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length]!;
}

export function Avatar({ id, name, size = 22 }: { id: string; name: string; size?: number }) {
  const initial = (name.trim()[0] ?? '?').toUpperCase();
  return (
    <span className={styles.avatar} style={{ background: colorFor(id), width: size, height: size, fontSize: size * 0.55 }} aria-hidden>
      {initial}
    </span>
  );
}
