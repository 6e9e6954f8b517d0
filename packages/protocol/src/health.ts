import { defineRoute } from './api/route.js';

export type DependencyName = 'postgres' | 'redis' | 'queue';

export interface DependencyHealth {
  name: DependencyName;
  ok: boolean;
  latencyMs?: number;
  // Queue only: job counts by state.
  details?: Record<string, number>;
}

// GET /health: 200 with status "ok" when every dependency is up, 503 with status "degraded"
// and `down` naming the failing ones otherwise.
export interface HealthReport {
  status: 'ok' | 'degraded';
  down: DependencyName[];
  dependencies: DependencyHealth[];
  version: string;
  uptimeSeconds: number;
}

// GET /health answers 503 with the same report when degraded (see above).
export const HealthRoutes = {
  health: defineRoute<HealthReport>()({ method: 'GET', path: '/health' }),
} as const;
