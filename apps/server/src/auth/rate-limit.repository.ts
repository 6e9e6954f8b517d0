import { Injectable } from '@nestjs/common';
import { RedisService } from '../infra/redis.service.js';

// Fixed-window counters in Redis, shared by every server instance. INCR and the expiry are set in
// one script so a crash between them can't leave a counter that never expires.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}`;

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

  async peek(bucket: string, id: string): Promise<WindowCount> {
    const key = this.key(bucket, id);
    const [count, ttl] = await Promise.all([this.redis.client.get(key), this.redis.client.pttl(key)]);
    return { count: Number(count ?? 0), retryAfterMs: Math.max(ttl, 0) };
  }

  async reset(bucket: string, id: string): Promise<void> {
    await this.redis.client.del(this.key(bucket, id));
  }
}
