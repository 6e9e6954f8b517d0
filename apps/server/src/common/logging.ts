import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Global, Inject, Injectable, type LoggerService, Module, Optional } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { AppConfig } from '../config/env.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

// Secrets that travel in URLs: a public link's token is the whole credential for its page, and a
// log line (or the log service it is shipped to) must not hand it on. Same for `token` query values.
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  return url.replace(/\/share\/[^/?#]+/g, '/share/[redacted]').replace(/([?&](?:token|shareToken)=)[^&#]*/gi, '$1[redacted]');
}

// pino JSON logs. Deliberately not nestjs-pino: it binds a per-request logger with an
// AsyncLocalStorage, and on Node 20 an AsyncLocalStorage that has run once installs promise hooks
// for every promise in the process: 16 % of the gateway's busy CPU on the doc:update path at 2,400
// updates/s (docs/BENCHMARKS.md). Request logs carry the request id (pino-http); other lines carry
// the Nest context.
@Injectable()
export class AppLogger implements LoggerService {
  readonly root: Pino;

  // `destination` is for tests that read what was logged; the app provides none and logs to stdout.
  constructor(config: AppConfig, @Optional() @Inject(LOG_DESTINATION) destination?: pino.DestinationStream) {
    const options = {
      level: config.LOG_LEVEL,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      transport: config.LOG_PRETTY && !destination ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } } : undefined,
    };
    this.root = destination ? pino(options, destination) : pino(options);
  }

  // The request log (one line per response, without /health), with a request id taken from
  // X-Request-Id when a proxy set a sane one, else generated, and echoed back so a user's bug report
  // can quote it (the error body carries it too).
  httpMiddleware(): HttpLogger<IncomingMessage, ServerResponse> {
    return pinoHttp({
      logger: this.root,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' },
      serializers: {
        req: (req: { url?: string; query?: Record<string, unknown>; params?: Record<string, unknown> }) => ({
          ...req,
          url: redactUrl(req.url),
          ...(req.query?.token || req.query?.shareToken ? { query: { ...req.query, token: undefined, shareToken: undefined } } : {}),
          ...(req.params?.token ? { params: { ...req.params, token: '[redacted]' } } : {}),
        }),
      },
      // Error lines name the URL too.
      customErrorObject: (req, _res, _err, value: Record<string, unknown>) => ({ ...value, url: redactUrl(req.url) }),
    });
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  // Nest calls (message, ...extras, context); its exception handlers call error(message, stack,
  // context), so a string extra on an error line is the stack.
  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, params: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const extras = params.slice();
    if (extras.length > 0 && typeof extras[extras.length - 1] === 'string') fields.context = extras.pop();
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    if ((level === 'error' || level === 'fatal') && typeof extras[0] === 'string') fields.stack = extras.shift();
    if (extras.length > 0) fields.extra = extras;
    this.root[level](fields, typeof message === 'string' ? message : undefined);
  }
}

@Global()
@Module({ providers: [AppLogger], exports: [AppLogger] })
export class LoggingModule {}
