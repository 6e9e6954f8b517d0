import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { keySlot } from './key-slot.js';
import { AppConfig } from '../config/env.js';

// Owns this process's Redis connections: one for commands, plus any dedicated ones (pub/sub,
// blocking reads) created through `duplicate`, all closed on shutdown.
//
// One Redis or a Redis Cluster (REDIS_CLUSTER=true, issue 20), with the same key names in both: a
// page's keys carry the hash tag `{page:<id>}` (pageKey), so on a cluster a page's stream, its
// Socket.IO room channel and any other key of it live in one slot, on one shard, and each Lua script
// or MULTI touches one slot. On a cluster, `client`, `hotPath` and `duplicate` are ioredis Cluster
// connections used through the same command API (each command routed by its key's slot).
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  readonly cluster: boolean;
  private readonly extra = new Set<Redis>();
  private readonly logger = new Logger(RedisService.name);
  private lastError = '';

  constructor(private readonly config: AppConfig) {
    this.cluster = config.REDIS_CLUSTER;
    this.client = this.watch(this.connect(RedisService.options()));
  }

  // A single connection, or a cluster connection whose node connections get `options`.
  private connect(options: RedisOptions, clusterOptions: ClusterOptions = {}): Redis {
    if (!this.config.REDIS_CLUSTER) return new Redis(this.config.REDIS_URL, options);
    const url = new URL(this.config.REDIS_URL);
    const seeds = [`${url.hostname}:${url.port || '6379'}`, ...this.config.REDIS_CLUSTER_NODES].map((n) => {
      const at = n.lastIndexOf(':');
      return { host: n.slice(0, at), port: Number(n.slice(at + 1)) };
    });
    const { enableAutoPipelining, lazyConnect, ...node } = options;
    const cluster = new Cluster(seeds, {
      enableAutoPipelining,
      lazyConnect,
      // A node that restarts on the same address comes back without waiting for a MOVED.
      clusterNodeRetryStrategy: (times: number) => Math.min(100 * times, 2000),
      clusterRetryStrategy: (times: number) => Math.min(100 * times, 2000),
      // Commands sent while a shard fails over wait (and are retried) instead of failing at once.
      retryDelayOnClusterDown: 200,
      retryDelayOnFailover: 200,
      ...clusterOptions,
      redisOptions: {
        ...node,
        username: url.username ? decodeURIComponent(url.username) : undefined,
        password: url.password ? decodeURIComponent(url.password) : undefined,
        tls: url.protocol === 'rediss:' ? {} : undefined,
      },
    });
    return cluster as unknown as Redis;
  }

  // The master nodes' own connections (one Redis: the client itself), for per-node commands
  // (SCAN, PING). A cluster connection knows its nodes only once it has read the slot map: before
  // that this waits for it (a worker's backlog recovery runs as soon as it boots), as a command
  // sent to one Redis would wait for its connection.
  async masters(): Promise<Redis[]> {
    if (!this.cluster) return [this.client];
    const cluster = this.client as unknown as Cluster;
    if (cluster.status !== 'ready') await new Promise<void>((resolve) => cluster.once('ready', () => resolve()));
    return cluster.nodes('master');
  }

  // ioredis retries on its own; log each new kind of failure once instead of an unhandled 'error'
  // event per reconnect attempt (/health reports the current state).
  private watch(conn: Redis): Redis {
    conn.on('node error', (err: Error, node?: string) => {
      const message = `${err.message}${node ? ` (node ${node})` : ''}`;
      if (message === this.lastError) return;
      this.lastError = message;
      this.logger.warn(`Redis: ${message}`);
    });
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

  // A key of one page: `<prefix>:{page:<id>}:<parts>`. Every key of a page shares its hash tag, so
  // on a cluster they share a slot (a script or MULTI may touch several of them).
  pageKey(pageId: string, ...parts: string[]): string {
    return this.key(pageTag(pageId), ...parts);
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

  // `clusterOptions` apply on a cluster only (e.g. shardedSubscribers for an SSUBSCRIBE connection).
  duplicate(options: RedisOptions = {}, clusterOptions: ClusterOptions = {}): Redis {
    const conn = this.watch(this.connect(RedisService.options(options), clusterOptions));
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

// The hash tag of a page's keys and of its Socket.IO room (whose sharded channel then lands in the
// page's slot too).
export function pageTag(pageId: string): string {
  return `{page:${pageId}}`;
}

// The cluster slot of a page's keys (0..16383).
export function pageSlot(pageId: string): number {
  return keySlot(pageTag(pageId));
}
