import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module.js';
import { RedisIoAdapter } from './collab/redis-io.adapter.js';
import { clientIpMiddleware } from './common/client-ip.js';
import { ErrorFilter } from './common/error.filter.js';
import { AppLogger } from './common/logging.js';
import { STOP_SIGNALS } from './common/stop-signals.js';
import { servedOnLocalhost } from './config/deployment.js';
import { AppConfig } from './config/env.js';
import { HttpMetrics } from './metrics/http.metrics.js';
import { metricsHandler } from './metrics/metrics-endpoint.js';
import { MetricsRegistry } from './metrics/metrics.registry.js';

// Builds the HTTP app exactly as production runs it; main.ts listens, tests hand it to Supertest.
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  const config = app.get(AppConfig);
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  // Prometheus' scrape, outside Nest's routing and the REST API (docs/DECISIONS.md), before the
  // request log and the HTTP metrics so scrapes don't fill either. Without METRICS_TOKEN it is not
  // mounted: /metrics is then an unknown route (404).
  if (config.METRICS_TOKEN) app.use('/metrics', metricsHandler(app.get(MetricsRegistry).registry, config.METRICS_TOKEN));
  app.use(app.get(HttpMetrics).middleware());
  app.use(logger.httpMiddleware());
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.use(clientIpMiddleware(config.TANDEM_PROXY_SECRET));
  app.disable('x-powered-by');
  // Room for a page's imported content (ApiLimits.pageContentMaxBytes, 1 MiB) plus JSON escaping.
  app.useBodyParser('json', { limit: '2mb' });
  app.use(cookieParser());
  app.enableCors({ origin: config.WEB_ORIGIN, credentials: true });
  app.useGlobalFilters(new ErrorFilter());
  // Socket.IO with the msgpack parser and the Redis adapter (several server processes, one room).
  app.useWebSocketAdapter(new RedisIoAdapter(app));
  app.enableShutdownHooks(STOP_SIGNALS);

  const openApi = new DocumentBuilder()
    .setTitle('Tandem API')
    .setDescription('Accounts, workspaces, pages, sharing. Real-time editing runs over Socket.IO (see packages/protocol).')
    .addBearerAuth()
    .addCookieAuth('tandem_session')
    .build();
  if (config.API_DOCS ?? (config.NODE_ENV !== 'production' || servedOnLocalhost(config))) {
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  }
  return app;
}
