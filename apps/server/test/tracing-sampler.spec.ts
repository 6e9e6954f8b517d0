import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-node';
import { tandemSampler } from '../src/tracing/sampler.js';
import { PERSIST_BATCH_SPAN, UPDATE_SPAN } from '../src/tracing/tracing.js';

const traceId = () => randomBytes(16).toString('hex');
const kept = (decision: SamplingDecision) => decision === SamplingDecision.RECORD_AND_SAMPLED;

describe('the tracing sampler', () => {
  it('keeps about the configured share of traces that start at an edit or a persist batch, and every other trace', () => {
    const sampler = tandemSampler(0.1);
    const n = 20_000;
    for (const hot of [UPDATE_SPAN, PERSIST_BATCH_SPAN]) {
      let kepts = 0;
      for (let i = 0; i < n; i++) if (kept(sampler.shouldSample(ROOT_CONTEXT, traceId(), hot, SpanKind.INTERNAL, {}, []).decision)) kepts++;
      // 10 % of 20,000: 2,000 with a standard deviation of ~42.
      expect(kepts).toBeGreaterThan(1_800);
      expect(kepts).toBeLessThan(2_200);
    }
    let others = 0;
    for (let i = 0; i < n; i++) if (kept(sampler.shouldSample(ROOT_CONTEXT, traceId(), 'collab.join', SpanKind.INTERNAL, {}, []).decision)) others++;
    expect(others).toBe(n);
  });

  it('keeps or drops a trace whole: a span under an edit follows the edit', () => {
    const sampler = tandemSampler(0.5);
    for (const flags of [TraceFlags.SAMPLED, TraceFlags.NONE]) {
      const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: traceId(), spanId: randomBytes(8).toString('hex'), traceFlags: flags, isRemote: true });
      // The worker's persist span, a child of the update span through the job's traceparent.
      const decision = sampler.shouldSample(parent, traceId(), 'persist.page', SpanKind.INTERNAL, {}, []).decision;
      expect(kept(decision)).toBe(flags === TraceFlags.SAMPLED);
    }
  });

  it('at 0 traces no edit, at 1 every edit', () => {
    for (const [ratio, expected] of [[0, false], [1, true]] as const) {
      const sampler = tandemSampler(ratio);
      for (let i = 0; i < 200; i++) expect(kept(sampler.shouldSample(ROOT_CONTEXT, traceId(), UPDATE_SPAN, SpanKind.INTERNAL, {}, []).decision)).toBe(expected);
    }
  });
});
