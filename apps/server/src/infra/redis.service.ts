import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../config/env.js';

// Owns this process's Redis connections: one for commands, plus any dedicated ones (pub/sub,
// blocking reads) created through `duplicate`, all closed on shutdown.
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  private readonly extra = new Set<Redis>();
  private readonly logger = new Logger(RedisService.name);
  private lastError = '';

  constructor(private readonly config: AppConfig) {
    this.client = this.watch(new Redis(config.REDIS_URL, RedisService.options()));
  }

  // ioredis retries on its own; log each new kind of failure once instead of an unhandled 'error'
  // event per reconnect attempt (/health reports the current state).
  private watch(conn: Redis): Redis {
    conn.on('error', (err: Error) => {
      if (err.message === this.lastError) return;
      this.lastError = err.message;
      this.logger.warn(`Redis: ${err.message}`);
    });
    conn.on('ready', () => (this.lastError = ''));
    return conn;
  }

  static options(extra: RedisOptions = {}): RedisOptions {
    return {
      // Fail commands fast while Redis is away instead of queueing them forever; callers decide.
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
      lazyConnect: false,
      ...extra,
    };
  }

  // Prefix a key so environments sharing one Redis never collide.
  key(...parts: string[]): string {
    return [this.config.REDIS_PREFIX, ...parts].join(':');
  }

  private hotPathConnection?: Redis;

  // The connection of the per-update hot path: the Socket.IO adapter's PUBLISH of a broadcast and
  // the stream XADD that follows it go out in the same tick on this one auto-pipelined connection,
  // so an update costs one Redis round trip (ARCHITECTURE invariant 6). It never gives up on a
  // command: during a Redis outage the XADD waits (no ack, the client keeps its update) instead of
  // failing, and the adapter's unawaited PUBLISH can't become an unhandled rejection.
  get hotPath(): Redis {
    this.hotPathConnection ??= this.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: true });
    return this.hotPathConnection;
  }

  duplicate(options: RedisOptions = {}): Redis {
    const conn = this.watch(new Redis(this.config.REDIS_URL, RedisService.options(options)));
    this.extra.add(conn);
    conn.once('end', () => this.extra.delete(conn));
    return conn;
  }

  // After every module's destroy hook and after Nest has closed the HTTP and Socket.IO servers:
  // the Socket.IO Redis adapter unsubscribes while closing, which must not meet a quit connection.
  async onApplicationShutdown(): Promise<void> {
    // QUIT on a connection that is down would wait for a reconnect that may never come.
    await Promise.allSettled(
      [this.client, ...this.extra].map((c) => (c.status === 'ready' ? c.quit() : c.disconnect())),
    );
  }
}
