import { Injectable } from '@nestjs/common';
import type { SavedEvent } from '@tandem/protocol';
import { RedisService } from '../infra/redis.service.js';

// "Saved up to X" travels from the worker to every gateway over Redis pub/sub; each gateway tells
// its own sockets in the page's room.
@Injectable()
export class SavedEventsRepository {
  constructor(private readonly redis: RedisService) {}

  get channel(): string {
    return this.redis.key('doc-saved');
  }

  // `resync`: Redis lost entries of the page, so "saved" cannot vouch for updates acknowledged
  // before: the gateways first make the page's clients re-run the handshake (invariant 9).
  async publish(event: SavedEvent, resync = false): Promise<void> {
    await this.redis.client.publish(this.channel, JSON.stringify(resync ? { ...event, resync: true } : event));
  }
}
