import { Injectable } from '@nestjs/common';
import { RedisService } from '../infra/redis.service.js';

// Fixed-window counters in Redis, shared by every server instance. INCR and the expiry are set in
// one script so a crash between them can't leave a counter that never expires.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`;

// Takes back one attempt (a success that was counted up front), never below zero, never creating a key.
const UNDO = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return n`;

export interface WindowCount {
  count: number;
  retryAfterMs: number;
}

@Injectable()
export class RateLimitRepository {
  constructor(private readonly redis: RedisService) {}

  private key(bucket: string, id: string): string {
    return this.redis.key('rate', bucket, id);
  }

  async hit(bucket: string, id: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.client.eval(HIT, 1, this.key(bucket, id), windowMs)) as [number, number];
    return { count, retryAfterMs: Math.max(ttl, 0) };
  }

  async undo(bucket: string, id: string): Promise<void> {
    await this.redis.client.eval(UNDO, 1, this.key(bucket, id));
  }

  async reset(bucket: string, id: string): Promise<void> {
    await this.redis.client.del(this.key(bucket, id));
  }
}
