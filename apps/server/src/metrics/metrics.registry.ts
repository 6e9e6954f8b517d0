import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

// One Prometheus registry per process (server or worker), not prom-client's global one: a test
// that builds the app twice in one process would otherwise register every metric twice. Node's
// default metrics (event-loop lag, heap, GC, CPU, handles) are collected into it.
@Injectable()
export class MetricsRegistry implements OnModuleDestroy {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  onModuleDestroy(): void {
    // Stops the event-loop delay monitor the default metrics started.
    this.registry.clear();
  }
}

// Buckets shared by the latency histograms (seconds): 1 ms .. 30 s.
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
