import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Link } from '@opentelemetry/api';

// Our own spans on the collaboration path (join, update, persist) and the trace context a persist
// job carries from the gateway to the worker. They carry ids and sizes, never content.
//
// Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (see tracing-sdk.ts, loaded by main.ts
// and worker.ts before any Nest module). Off, every helper here is one boolean test: doc:update
// runs thousands of times a second and must not pay for spans nobody exports.
let enabled = false;
// The share of hot-path operations (edits, persist batches) traced, and the context the others run
// in: see inHotPathSpan.
let hotPathRatio = 1;
let suppressedContext: Context = ROOT_CONTEXT;

export function tracingEnabled(): boolean {
  return enabled;
}

// Called by tracing-sdk.ts once the tracer provider is registered. `suppressed` is
// @opentelemetry/core's suppressTracing(ROOT_CONTEXT), passed in so that module is loaded only
// when tracing is on.
export function markTracingEnabled(options: { hotPathRatio: number; suppressed: Context }): void {
  enabled = true;
  hotPathRatio = options.hotPathRatio;
  suppressedContext = options.suppressed;
}

const tracer = () => trace.getTracer('tandem');

// The hot path's span names (inHotPathSpan).
export const UPDATE_SPAN = 'collab.update';
export const PERSIST_BATCH_SPAN = 'persist.batch';

// Span attribute names (ours are namespaced; no document content ever goes in one).
export const Attr = {
  PageId: 'tandem.page.id',
  UpdateBytes: 'tandem.update.bytes',
  HandshakeBytes: 'tandem.handshake.bytes',
  BatchPages: 'tandem.persist.batch_pages',
  PersistedPages: 'tandem.persist.persisted_pages',
  PersistUpdates: 'tandem.persist.updates',
  StateBytes: 'tandem.persist.state_bytes',
  Outcome: 'tandem.persist.outcome',
  ErrorCode: 'tandem.error.code',
} as const;

export interface SpanHandle {
  set(attributes: Attributes): void;
}

const noSpan: SpanHandle = { set: () => undefined };

// Runs `fn` inside a new active span (a child of the active context, or of `parent`), ending it
// when fn settles; a throw marks the span as an error and is rethrown.
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: SpanHandle) => Promise<T>, options: { parent?: Context; links?: Link[] } = {}): Promise<T> {
  if (!enabled) return fn(noSpan);
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { attributes, links: options.links }, parent, async (span) => {
    try {
      return await fn({ set: (a) => span.setAttributes(a) });
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

// An edit or a persist batch: at a few thousand a second they are nearly all the spans, all alike,
// so only `hotPathRatio` of them (TRACE_UPDATE_SAMPLE_RATIO) is traced. The decision is taken here,
// before any span exists, because a sampler decides too late: an unsampled span is still a span,
// and its active context makes the ioredis and pg instrumentations wrap every call made under it
// (the +13-18 % CPU of session 7). A dropped one runs with no span and tracing suppressed, so
// those instrumentations return at once and the persist job it queues carries no trace context
// (the worker then drops the job's span too: a trace is kept or dropped whole). A kept one is an
// ordinary span (the sampler keeps it: see tracing-sdk.ts), with its Redis calls and the
// worker's persist.page under it.
export async function inHotPathSpan<T>(name: string, attributes: Attributes, fn: (span: SpanHandle) => Promise<T>, options: { parent?: Context; links?: Link[] } = {}): Promise<T> {
  if (!enabled) return fn(noSpan);
  if (hotPathRatio >= 1 || Math.random() < hotPathRatio) return inSpan(name, attributes, fn, options);
  return context.with(suppressedContext, () => fn(noSpan));
}

// Runs a job's work in the trace its carrier names, under a span of its own; a job whose carrier
// names no kept trace (queued by an edit that was not traced) runs with tracing suppressed.
export async function inJobSpan<T>(name: string, attributes: Attributes, carrier: Record<string, string> | undefined, fn: (span: SpanHandle) => Promise<T>): Promise<T> {
  if (!enabled) return fn(noSpan);
  const parent = contextFrom(carrier);
  const sampled = ((trace.getSpanContext(parent)?.traceFlags ?? TraceFlags.NONE) & TraceFlags.SAMPLED) !== 0;
  if (!sampled) return context.with(suppressedContext, () => fn(noSpan));
  return inSpan(name, attributes, fn, { parent });
}

// The active trace context as W3C headers (traceparent/tracestate), for a job's data; undefined
// when tracing is off or nothing is active.
export function traceCarrier(): Record<string, string> | undefined {
  if (!enabled) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

// The context a job's carrier names (the root context when it has none).
export function contextFrom(carrier: Record<string, string> | undefined): Context {
  if (!enabled || !carrier) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

// The span context active now, to link a batch span to the jobs it serves.
export function activeLink(): Link | null {
  if (!enabled) return null;
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext ? { context: spanContext } : null;
}

// Runs housekeeping that repeats every second or so (and would otherwise be a root trace each time,
// pg traces root queries) with tracing suppressed.
export function untraced<T>(fn: () => T): T {
  return enabled ? context.with(suppressedContext, fn) : fn();
}

// Captures the active context, so a callback run later (a timer, a batch) can run inside it.
export function captureContext(): Context | null {
  return enabled ? context.active() : null;
}

export function runInContext<T>(ctx: Context | null, fn: () => T): T {
  return ctx ? context.with(ctx, fn) : fn();
}

// Adds attributes to the active span (tracing on), for code that runs inside a span it did not open.
export function annotateActiveSpan(attributes: Attributes): void {
  if (enabled) trace.getSpan(context.active())?.setAttributes(attributes);
}
