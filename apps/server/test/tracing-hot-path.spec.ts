import { randomBytes } from 'node:crypto';
import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { inHotPathSpan, inJobSpan, markTracingEnabled, PERSIST_BATCH_SPAN, UPDATE_SPAN } from '../src/tracing/tracing.js';

// Edits and persist batches are sampled before their span exists (tracing.ts, inHotPathSpan): a
// dropped one must leave no span in its context and tracing suppressed, which is what makes the
// ioredis and pg instrumentations return at once (they skip a call with no parent span, and the
// tracer makes no span under a suppressed context).
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
const enable = (hotPathRatio: number) => markTracingEnabled({ hotPathRatio, suppressed: suppressTracing(ROOT_CONTEXT) });

// What an instrumented Redis or Postgres call sees in the context the work runs in.
function underWork(): { parentSpan: boolean; suppressed: boolean; childRecorded: boolean } {
  const child = trace.getTracer('test').startSpan('XADD');
  const childRecorded = child.isRecording();
  child.end();
  return { parentSpan: trace.getSpan(context.active()) !== undefined, suppressed: isTracingSuppressed(context.active()), childRecorded };
}

const carrierOf = (flags: TraceFlags) => {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpanContext(ROOT_CONTEXT, { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), traceFlags: flags }), carrier);
  return carrier;
};

describe('hot-path tracing', () => {
  beforeEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it('traces about the configured share of edits and persist batches', async () => {
    enable(0.1);
    const n = 20_000;
    for (const name of [UPDATE_SPAN, PERSIST_BATCH_SPAN]) {
      exporter.reset();
      for (let i = 0; i < n; i++) await inHotPathSpan(name, {}, async () => undefined);
      // 10 % of 20,000: 2,000 with a standard deviation of ~42.
      const kept = exporter.getFinishedSpans().filter((s) => s.name === name).length;
      expect(kept).toBeGreaterThan(1_800);
      expect(kept).toBeLessThan(2_200);
    }
  });

  it('a dropped edit makes no span and runs with tracing suppressed, so its Redis calls make none either', async () => {
    enable(0);
    const seen = await inHotPathSpan(UPDATE_SPAN, {}, async () => underWork());
    expect(seen).toEqual({ parentSpan: false, suppressed: true, childRecorded: false });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('a kept edit is a span, with its Redis calls as its children', async () => {
    enable(1);
    const seen = await inHotPathSpan(UPDATE_SPAN, {}, async () => underWork());
    expect(seen).toEqual({ parentSpan: true, suppressed: false, childRecorded: true });
    const spans = exporter.getFinishedSpans();
    const update = spans.find((s) => s.name === UPDATE_SPAN)!;
    expect(spans.find((s) => s.name === 'XADD')?.parentSpanContext?.spanId).toBe(update.spanContext().spanId);
  });

  it("a persist job follows the edit that queued it: a span in a kept edit's trace, none for a dropped or untraced one", async () => {
    enable(0.1);
    const kept = carrierOf(TraceFlags.SAMPLED);
    const seen = await inJobSpan('persist.page', {}, kept, async () => underWork());
    expect(seen).toEqual({ parentSpan: true, suppressed: false, childRecorded: true });
    const page = exporter.getFinishedSpans().find((s) => s.name === 'persist.page')!;
    expect(page.spanContext().traceId).toBe(kept.traceparent!.split('-')[1]);
    exporter.reset();
    for (const carrier of [carrierOf(TraceFlags.NONE), undefined]) {
      expect(await inJobSpan('persist.page', {}, carrier, async () => underWork())).toEqual({ parentSpan: false, suppressed: true, childRecorded: false });
    }
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
