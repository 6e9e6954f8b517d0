import { EnvError, loadEnv } from './config/env.js';

try {
  loadEnv();
} catch (err) {
  if (err instanceof EnvError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

await import('reflect-metadata');
const { NestFactory } = await import('@nestjs/core');
const { Logger } = await import('nestjs-pino');
const { WorkerModule } = await import('./worker.module.js');

const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
worker.useLogger(worker.get(Logger));
// SIGTERM/SIGINT close the BullMQ workers (finishing the job in hand), then Redis and Postgres.
worker.enableShutdownHooks();
worker.get(Logger).log('Tandem worker started');
