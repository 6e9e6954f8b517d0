import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { AppConfig } from '../config/env.js';

// Owns this process's Redis connections: one for commands, plus any dedicated ones (pub/sub,
// blocking reads) created through `duplicate`, all closed on shutdown.
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  private readonly extra = new Set<Redis>();

  constructor(private readonly config: AppConfig) {
    this.client = new Redis(config.REDIS_URL, RedisService.options());
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

  duplicate(options: RedisOptions = {}): Redis {
    const conn = new Redis(this.config.REDIS_URL, RedisService.options(options));
    this.extra.add(conn);
    conn.once('end', () => this.extra.delete(conn));
    return conn;
  }

  // After every module's destroy hook and after Nest has closed the HTTP and Socket.IO servers:
  // the Socket.IO Redis adapter unsubscribes while closing, which must not meet a quit connection.
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.client, ...this.extra].map((c) => (c.status === 'end' ? undefined : c.quit())));
  }
}
