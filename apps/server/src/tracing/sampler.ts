import type { Context } from '@opentelemetry/api';
import { PERSIST_BATCH_SPAN, UPDATE_SPAN } from './tracing.js';
import { AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-node';

// Every keystroke is a `collab.update` span with its Redis calls and the persist job it queues, and
// the worker writes those edits in `persist.batch` spans, each with a Postgres statement and Redis
// calls per page: at a few thousand edits a second these two are nearly all the spans, all alike,
// and tracing every one costs more CPU than the rest of the tracing together. So a new trace that
// starts at one of them is kept with probability `ratio` (by trace id, so a trace is kept or
// dropped whole: the worker's `persist.page` is the update span's child); every other trace
// (joins, REST requests, jobs) is kept. A span with a parent follows its parent's decision, as
// OpenTelemetry's default does.
const HOT_PATH = new Set([UPDATE_SPAN, PERSIST_BATCH_SPAN]);

class HotPathRatioSampler implements Sampler {
  private readonly always = new AlwaysOnSampler();
  private readonly hot: TraceIdRatioBasedSampler;

  constructor(private readonly ratio: number) {
    this.hot = new TraceIdRatioBasedSampler(ratio);
  }

  shouldSample(context: Context, traceId: string, spanName: string): SamplingResult {
    return HOT_PATH.has(spanName) ? this.hot.shouldSample(context, traceId) : this.always.shouldSample();
  }

  toString(): string {
    return `HotPathRatioSampler{${this.ratio}}`;
  }
}

export function tandemSampler(ratio: number): Sampler {
  return new ParentBasedSampler({ root: new HotPathRatioSampler(ratio) });
}
