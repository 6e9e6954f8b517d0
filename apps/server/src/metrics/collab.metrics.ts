import { Injectable } from '@nestjs/common';
import { CollabErrorCode } from '@tandem/protocol';
import { Counter, Gauge, Histogram } from 'prom-client';
import { LATENCY_BUCKETS, MetricsRegistry } from './metrics.registry.js';

// The collaboration gateway's figures. doc:update runs thousands of times a second, so its path
// costs plain number increments and histogram observes only: counters are kept as numbers here and
// handed to prom-client when scraped, and the gauges are read from the gateway's state at scrape.
@Injectable()
export class CollabMetrics {
  private received = 0;
  private readonly refusals = new Map<string, number>();
  // What the gauges read at scrape time (set by the gateway once it runs).
  private state: { sockets(): number; pages(): number } = { sockets: () => 0, pages: () => 0 };

  readonly updateBytes: Histogram;
  readonly ackSeconds: Histogram;
  readonly joinSeconds: Histogram;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    for (const code of Object.values(CollabErrorCode)) this.refusals.set(code, 0);
    // collect() runs with `this` bound to the metric: what it reads comes through these.
    const sockets = () => this.state.sockets();
    const pages = () => this.state.pages();
    const received = () => this.received;
    const refusals = this.refusals;
    new Gauge({
      name: 'tandem_collab_connected_sockets',
      help: 'Sockets connected to this server instance',
      registers,
      collect() {
        this.set(sockets());
      },
    });
    new Gauge({
      name: 'tandem_collab_joined_pages',
      help: 'Pages at least one socket of this instance has joined',
      registers,
      collect() {
        this.set(pages());
      },
    });
    let reported = 0;
    new Counter({
      name: 'tandem_collab_updates_received_total',
      help: 'doc:update messages received with a valid payload (accepted or refused)',
      registers,
      collect() {
        const now = received();
        this.inc(now - reported);
        reported = now;
      },
    });
    const reportedRefusals = new Map<string, number>();
    new Counter({
      name: 'tandem_collab_refusals_total',
      help: 'Requests refused with a collab error (joins, updates, awareness, watches, handshakes), by error code',
      labelNames: ['code'],
      registers,
      collect() {
        for (const [code, n] of refusals) {
          this.inc({ code }, n - (reportedRefusals.get(code) ?? 0));
          reportedRefusals.set(code, n);
        }
      },
    });
    this.updateBytes = new Histogram({
      name: 'tandem_collab_update_size_bytes',
      help: 'Size of received Yjs updates',
      buckets: [32, 128, 512, 2048, 8192, 32768, 131072, 524288],
      registers,
    });
    this.ackSeconds = new Histogram({
      name: 'tandem_collab_ack_latency_seconds',
      help: 'doc:update received -> accepted ack sent (checks, broadcast, XADD)',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.joinSeconds = new Histogram({
      name: 'tandem_collab_join_duration_seconds',
      help: 'doc:join received -> successful handshake ack sent',
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  track(state: { sockets(): number; pages(): number }): void {
    this.state = state;
  }

  // An update arrived: counted, and its size observed.
  updateReceived(bytes: number): void {
    this.received++;
    this.updateBytes.observe(bytes);
  }

  refused(code: string): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }
}

// performance.now() (ms) -> seconds since.
export const secondsSince = (startMs: number): number => (performance.now() - startMs) / 1000;
