'use client';

import { useHealth } from '@/lib/api/account';
import styles from './page.module.css';

export function ServerHealth() {
  const health = useHealth();
  if (health.isPending) return <p className={styles.muted} role="status">Checking the server…</p>;
  if (health.isError) {
    return (
      <p className={styles.bad} role="alert" data-testid="server-unreachable">
        Server unreachable: {health.error.message}
      </p>
    );
  }
  const report = health.data;
  return (
    <section aria-label="Server health" data-testid="server-health" data-status={report.status}>
      <p className={report.status === 'ok' ? styles.ok : styles.bad}>
        {report.status === 'ok' ? 'Server healthy' : `Server degraded: ${report.down.join(', ')} down`}
      </p>
      <ul className={styles.deps}>
        {report.dependencies.map((d) => (
          <li key={d.name}>
            <span className={d.ok ? styles.dotOk : styles.dotBad} aria-hidden />
            {d.name} {d.ok ? `· ${d.latencyMs} ms` : '· down'}
          </li>
        ))}
      </ul>
    </section>
  );
}
