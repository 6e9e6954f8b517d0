import { exitOnInvalidEnv } from './config/exit-on-invalid-env.js';

// Validate the environment before anything connects, so a bad variable is reported by name.
exitOnInvalidEnv();
// Tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) hooks modules as they are first imported: before Nest.
await (await import('./tracing/tracing-sdk.js')).startTracing('tandem-worker');

await import('reflect-metadata');
const { NestFactory } = await import('@nestjs/core');
const { AppLogger } = await import('./common/logging.js');
const { STOP_SIGNALS } = await import('./common/stop-signals.js');
const { WorkerModule } = await import('./worker.module.js');

const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
worker.useLogger(worker.get(AppLogger));
// SIGTERM/SIGINT close the BullMQ workers (finishing the job in hand), then Redis and Postgres.
worker.enableShutdownHooks(STOP_SIGNALS);
worker.get(AppLogger).log('Tandem worker started');
// Every persist converts documents with the editor package, which the server loads on first use
// (documents/document-editor.ts): a worker loads it now, while idle, so the first persist after a
// restart does not wait ~0.7 s for it. A package that fails to load stops the worker here.
void (await import('./documents/document-editor.js')).documentEditor();
