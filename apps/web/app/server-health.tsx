'use client';

import { useQuery } from '@tanstack/react-query';
import type { HealthReport } from '@tandem/protocol';
import { api, ApiRequestError } from '@/lib/api';
import styles from './page.module.css';

async function fetchHealth(): Promise<HealthReport> {
  try {
    return await api<HealthReport>('/health');
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 503 && err.body) return err.body as HealthReport;
    throw err;
  }
}

export function ServerHealth() {
  const health = useQuery({ queryKey: ['health'], queryFn: fetchHealth, refetchInterval: 5_000 });
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
