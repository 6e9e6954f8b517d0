import { register } from 'node:module';
import { loadEnv } from '../config/env.js';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { markTracingEnabled } from './tracing.js';

interface Flushable {
  shutdown(): Promise<void>;
}

let provider: Flushable | null = null;

// The modules the instrumentations below patch (their InstrumentationNodeModuleDefinition names).
// Only these go through import-in-the-middle's loader hook: without the list, it puts a second
// module in front of every ES module the process imports (Yjs, lib0, Socket.IO, Nest, Prisma's
// client...), made by parsing its source at load, for instrumentations that never look at them.
const INSTRUMENTED_MODULES = ['http', 'https', 'express', 'pg', 'pg-pool', 'ioredis'];

// Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set: the Node tracer provider
// (async-hooks context, W3C trace context propagation), spans batched to an OTLP/HTTP exporter,
// and the standard instrumentations (HTTP, Express, pg, ioredis; Nest's own instrumentation
// stops below Nest 12, and Express' spans already name the route and its handler). main.ts and worker.ts call
// it before importing anything it instruments: the server runs as ESM, so the instrumentations
// see a module only if import-in-the-middle's loader hook is registered before that module is
// first imported (CommonJS requires made from inside those packages are hooked by
// require-in-the-middle). Unset, nothing of the SDK is even loaded.
// The exporter reads the standard variables itself (OTEL_EXPORTER_OTLP_ENDPOINT, _HEADERS, ...;
// spans go to <endpoint>/v1/traces), and the batch processor OTEL_BSP_*.
export async function startTracing(serviceName: string): Promise<void> {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || provider) return;
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: INSTRUMENTED_MODULES } });
  const [{ NodeTracerProvider, BatchSpanProcessor }, { suppressTracing }, { OTLPTraceExporter }, { resourceFromAttributes }, { registerInstrumentations }, http, express, pg, ioredis] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/core'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-express'),
      import('@opentelemetry/instrumentation-pg'),
      import('@opentelemetry/instrumentation-ioredis'),
    ]);
  const tracerProvider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? serviceName }),
    // The SDK's default sampler (parent-based, always on) unless OTEL_TRACES_SAMPLER says otherwise
    // (the SDK reads it): edits and persist batches are sampled before their span exists, in
    // tracing.ts (inHotPathSpan), so a span that reaches the sampler was already chosen.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  tracerProvider.register();
  registerInstrumentations({
    tracerProvider,
    instrumentations: [
      new http.HttpInstrumentation({
        // Scrapes and health probes would be most of the traces and say nothing.
        ignoreIncomingRequestHook: (req) => /^\/(metrics|health)(\?|$)/.test(req.url ?? ''),
        // The exporter's own requests must not be traced (a span per export, forever).
        ignoreOutgoingRequestHook: (req) => (req.path ?? '').endsWith('/v1/traces'),
      }),
      new express.ExpressInstrumentation(),
      // Statement text only (no parameter values: they hold document bytes and e-mail addresses).
      new pg.PgInstrumentation({ enhancedDatabaseReporting: false }),
      // The command name and key only: values are update bytes.
      new ioredis.IORedisInstrumentation({ dbStatementSerializer: (command, args) => `${command} ${typeof args[0] === 'string' ? args[0] : ''}`.trim() }),
    ],
  });
  provider = tracerProvider;
  // OTEL_TRACES_SAMPLER set: every edit gets its span and that sampler decides alone, as before.
  const hotPathRatio = process.env.OTEL_TRACES_SAMPLER ? 1 : loadEnv().TRACE_UPDATE_SAMPLE_RATIO;
  markTracingEnabled({ hotPathRatio, suppressed: suppressTracing(ROOT_CONTEXT) });
}

// Exports the spans still buffered; called when the process stops (TracingShutdown).
export async function stopTracing(): Promise<void> {
  const p = provider;
  provider = null;
  await p?.shutdown();
}
