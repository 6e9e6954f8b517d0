import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import * as msgpackParser from 'socket.io-msgpack-parser';
import { AppConfig } from '../config/env.js';
import { RedisService } from '../infra/redis.service.js';

// Socket.IO for the collaboration gateway: the msgpack parser (one frame per binary event; every
// client must use it too) and the Redis adapter, so a room spans every server process and any
// instance can serve any page.
export class RedisIoAdapter extends IoAdapter {
  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  // Built with the app's own socket.io (Nest's adapter bundles a second copy whose types differ).
  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): ReturnType<IoAdapter['createIOServer']> {
    const config = this.app.get(AppConfig);
    const redis = this.app.get(RedisService);
    // The adapter needs connections that never give up on a command (a pub/sub connection with a
    // retry limit would drop the subscription during a Redis blip). It publishes on the hot-path
    // connection, where each broadcast shares a round trip with the update's XADD. RedisService
    // closes both.
    const pub = redis.hotPath;
    // On a cluster: sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7), one channel per room. A page's
    // room is named by its hash tag (collab.gateway.ts), so its channel lives on the shard of its
    // stream: a broadcast and the update's XADD go to the same node, still one round trip. Classic
    // PUBLISH would be copied to every node of the cluster.
    const sub = redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false }, { shardedSubscribers: true });
    const settings = {
      path: options?.path ?? '/socket.io',
      parser: msgpackParser,
      cors: { origin: config.WEB_ORIGIN, credentials: true },
      // An update is at most COLLAB_MAX_UPDATE_BYTES; leave room for the envelope, refuse the rest
      // at the transport so a huge frame is never buffered.
      maxHttpBufferSize: config.COLLAB_MAX_UPDATE_BYTES * 2 + 64 * 1024,
      serveClient: false,
      adapter: redis.cluster
        ? createShardedAdapter(pub, sub, { channelPrefix: redis.key('socket.io'), subscriptionMode: 'dynamic' })
        : createAdapter(pub, sub, { key: redis.key('socket.io') }),
    };
    const httpServer = this.httpServer as unknown;
    const server = httpServer && port === 0 ? new Server(httpServer as never, settings) : new Server(port, settings);
    return server as unknown as ReturnType<IoAdapter['createIOServer']>;
  }
}
