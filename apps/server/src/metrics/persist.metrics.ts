import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram } from 'prom-client';
import { QueueName } from '../jobs/job.types.js';
import { LATENCY_BUCKETS, MetricsRegistry } from './metrics.registry.js';

// The worker's figures: how long an acked update waits for Postgres, batch sizes, write time, and
// the BullMQ queue's job counts (read from Redis at scrape time).
@Injectable()
export class PersistMetrics {
  readonly lagSeconds: Histogram;
  readonly batchPages: Histogram;
  readonly writeSeconds: Histogram;
  readonly projections: Counter<'mode'>;
  readonly mergedInto: Counter<'document'>;
  readonly searchIndexFlushed: Counter;
  readonly searchIndexFlushSeconds: Histogram;

  constructor(metrics: MetricsRegistry, @InjectQueue(QueueName.Documents) queue: Queue) {
    const registers = [metrics.registry];
    this.lagSeconds = new Histogram({
      name: 'tandem_persist_lag_seconds',
      help: "Per page written: its oldest stream entry's id time (Redis clock at XADD, i.e. about when it was acked) -> the Postgres commit",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    });
    this.batchPages = new Histogram({
      name: 'tandem_persist_batch_pages',
      help: 'Pages written by one persist batch',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.writeSeconds = new Histogram({
      name: 'tandem_persist_write_duration_seconds',
      help: "One batch's guarded multi-row write to Postgres",
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.projections = new Counter({
      name: 'tandem_database_projections_total',
      help: 'Database projections run, by mode: "rows" projected only the rows edited since the last one, "full" every row',
      labelNames: ['mode'],
      registers,
    });
    this.mergedInto = new Counter({
      name: 'tandem_persist_merges_total',
      help: 'Pages merged by the persist, by the document merged into: "kept" the one this worker kept at the row\'s position (database pages), "state" a new one the persisted state was applied into',
      labelNames: ['document'],
      registers,
    });
    this.searchIndexFlushed = new Counter({
      name: 'tandem_search_index_flushed_pages_total',
      help: "Pages of the search index's pending list merged into the index by the worker's flusher (not by a persist write)",
      registers,
    });
    this.searchIndexFlushSeconds = new Histogram({
      name: 'tandem_search_index_flush_duration_seconds',
      help: "One merge of the search index's pending list by the worker's flusher",
      buckets: LATENCY_BUCKETS,
      registers,
    });
    new Gauge({
      name: 'tandem_queue_jobs',
      help: 'BullMQ jobs per queue and state (waiting, delayed, active, failed)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
      },
    });
  }
}
