import { Injectable } from '@nestjs/common';
import { RedisService } from '../infra/redis.service.js';
import type { Principal } from '../access/principal.js';

// Socket handshake tokens live in Redis under the SHA-256 of the token with a short TTL. Any server
// instance can verify them, they expire by themselves, and a token is useless for anything but the
// handshake (the REST guard never looks here). Each token opens one socket: a copied or logged token
// is worth nothing once its socket connected.
@Injectable()
export class SocketTokenRepository {
  constructor(private readonly redis: RedisService) {}

  async save(tokenHash: string, principal: Principal, ttlSeconds: number): Promise<void> {
    await this.redis.client.set(this.redis.key('socket-token', tokenHash), JSON.stringify(principal), 'EX', ttlSeconds);
  }

  async find(tokenHash: string): Promise<Principal | null> {
    const raw = await this.redis.client.get(this.redis.key('socket-token', tokenHash));
    return raw ? (JSON.parse(raw) as Principal) : null;
  }

  // Uses the token up (GETDEL): true for exactly one caller, however many race with it.
  async consume(tokenHash: string): Promise<boolean> {
    return (await this.redis.client.getdel(this.redis.key('socket-token', tokenHash))) !== null;
  }
}
