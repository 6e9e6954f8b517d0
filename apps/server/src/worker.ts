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
