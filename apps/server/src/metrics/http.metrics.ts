import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Gauge, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, MetricsRegistry } from './metrics.registry.js';

// REST request duration by route template (never the raw path: ids would make a series per page)
// and status, and the requests in flight.
@Injectable()
export class HttpMetrics {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly inFlight: Gauge;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.duration = new Histogram({
      name: 'tandem_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.inFlight = new Gauge({ name: 'tandem_http_requests_in_flight', help: 'HTTP requests being handled', registers });
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const started = performance.now();
      this.inFlight.inc();
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.inFlight.dec();
        // Express sets req.route once a route matched; anything else (404s, /docs) is one series.
        const route = (req.route as { path?: unknown } | undefined)?.path;
        this.duration.observe(
          { method: req.method, route: typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) },
          (performance.now() - started) / 1000,
        );
      };
      res.once('finish', finish);
      res.once('close', finish);
      next();
    };
  }
}
