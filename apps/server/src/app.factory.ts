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

// Builds the HTTP app exactly as production runs it; main.ts listens, tests hand it to Supertest.
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  const config = app.get(AppConfig);
  const logger = app.get(AppLogger);
  app.useLogger(logger);
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
