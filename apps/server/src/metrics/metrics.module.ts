import { Global, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:http';
import { AppConfig } from '../config/env.js';
import { documentsQueue } from '../infra/queues.js';
import { CollabMetrics } from './collab.metrics.js';
import { HttpMetrics } from './http.metrics.js';
import { listenForMetrics } from './metrics-endpoint.js';
import { MetricsRegistry } from './metrics.registry.js';
import { PersistMetrics } from './persist.metrics.js';

// The server's metrics (app.module.ts): HTTP and collaboration. /metrics itself is mounted in
// app.factory.ts, ahead of Nest's routing.
@Global()
@Module({ providers: [MetricsRegistry, HttpMetrics, CollabMetrics], exports: [MetricsRegistry, HttpMetrics, CollabMetrics] })
export class MetricsModule {}

// Serves the worker's registry on WORKER_METRICS_PORT (unset: no listener).
@Injectable()
export class WorkerMetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsListener.name);
  private server: Server | null = null;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.WORKER_METRICS_PORT;
    if (port === undefined) return;
    this.server = await listenForMetrics(this.metrics.registry, this.config.METRICS_TOKEN, port);
    this.logger.log(`Worker metrics on :${port}/metrics${this.config.METRICS_TOKEN ? '' : ' (answering 404: METRICS_TOKEN is not set)'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A scraper's keep-alive connection must not hold the worker's shutdown.
    server.closeAllConnections();
    await closed;
  }
}

// The worker's metrics (worker.module.ts): persistence and the queue.
@Global()
@Module({ imports: [documentsQueue], providers: [MetricsRegistry, PersistMetrics, WorkerMetricsListener], exports: [MetricsRegistry, PersistMetrics] })
export class WorkerMetricsModule {}
