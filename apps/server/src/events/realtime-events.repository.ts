import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisService } from '../infra/redis.service.js';
import { parseRealtimeMessage, RealtimeChannel, type RealtimeHandlers, type RealtimePayload } from './realtime-channels.js';

// Publishes and subscribes to the channels of realtime-channels.ts over Redis pub/sub, so every
// server instance hears them. Channel names get the environment's key prefix here, and only here.
@Injectable()
export class RealtimeEventsRepository implements OnModuleDestroy {
  private readonly logger = new Logger(RealtimeEventsRepository.name);
  private sub?: Redis;

  constructor(private readonly redis: RedisService) {}

  private key(channel: RealtimeChannel): string {
    return this.redis.key(channel);
  }

  // Throws when Redis is away: the caller decides whether that fails its work (the worker's
  // "saved" does, so the job retries) or is only logged (AfterCommit).
  async publish<C extends RealtimeChannel>(channel: C, payload: RealtimePayload<C>): Promise<void> {
    await this.redis.client.publish(this.key(channel), JSON.stringify(payload));
  }

  // One dedicated connection for this process's subscriptions; a message that does not match its
  // channel's schema is logged and dropped.
  async subscribe(handlers: RealtimeHandlers): Promise<void> {
    const byKey = new Map<string, RealtimeChannel>();
    for (const channel of Object.values(RealtimeChannel)) if (handlers[channel]) byKey.set(this.key(channel), channel);
    // Subscriber connections must retry forever, or a Redis blip would end the subscription.
    this.sub = this.redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false });
    this.sub.on('message', (key: string, raw: string) => {
      const channel = byKey.get(key);
      if (!channel) return;
      const payload = parseRealtimeMessage(channel, raw);
      if (!payload) {
        this.logger.warn(`Ignoring a malformed message on ${key}`);
        return;
      }
      (handlers[channel] as (p: typeof payload) => void)(payload);
    });
    await this.sub.subscribe(...byKey.keys());
  }

  async onModuleDestroy(): Promise<void> {
    await this.sub?.quit().catch(() => undefined);
  }
}
