import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisService } from './redis.service.js';

// What a check after a reconnect found: the same data, a Redis that restarted (it may have lost
// its last writes: AOF everysec, a failover), or a Redis that lost everything (the epoch key is
// gone: restarted without persistence, flushed, or a replica that never had it).
export type RedisContinuity = 'same' | 'restarted' | 'lost';

// Notices that Redis lost data (ARCHITECTURE invariant 9). Redis keeps an epoch key holding a random
// value this process reads at start; a dedicated connection re-reads it, and the server's run id,
// whenever it comes back. Between losing that connection and the check, the process is
// "unverified": the gateway holds its acks, handshakes and "saved" events, so no client is told
// anything the check might revoke.
@Injectable()
export class RedisEpochService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisEpochService.name);
  private conn!: Redis;
  private epoch: string | null = null;
  private runId: string | null = null;
  private verifiedNow = false;
  private waiters: (() => void)[] = [];
  private checking: Promise<void> | null = null;
  private recheck = false;
  private readonly listeners: ((continuity: RedisContinuity) => Promise<void> | void)[] = [];

  constructor(private readonly redis: RedisService) {}

  onModuleInit(): void {
    // Retries forever: a check must outlast any outage.
    this.conn = this.redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false });
    this.conn.on('close', () => (this.verifiedNow = false));
    this.conn.on('ready', () => void this.check());
    if (this.conn.status === 'ready') void this.check();
  }

  get key(): string {
    return this.redis.key('epoch');
  }

  // True while the last check holds: the connection has not dropped since.
  get verified(): boolean {
    return this.verifiedNow;
  }

  // Resolves once Redis is verified (at once when it is).
  whenVerified(): Promise<void> {
    if (this.verifiedNow) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  // Called after every check that follows a reconnect, before the waiters are released.
  onContinuity(listener: (continuity: RedisContinuity) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  private check(): Promise<void> {
    if (this.checking) {
      this.recheck = true;
      return this.checking;
    }
    this.checking = this.runCheck().finally(() => {
      this.checking = null;
      if (this.recheck) {
        this.recheck = false;
        void this.check();
      }
    });
    return this.checking;
  }

  private async runCheck(): Promise<void> {
    try {
      const fresh = randomUUID();
      // SET NX then GET: the first process after a loss creates the new epoch, every other one reads it.
      const [, [, epoch]] = (await this.conn.multi().set(this.key, fresh, 'NX').get(this.key).exec()) as [unknown, [null, string]];
      // Some managed Redis services restrict INFO: without a run id, only a lost epoch is detected.
      const info = await this.conn.info('server').catch(() => '');
      const runId = /run_id:(\w+)/.exec(info)?.[1] ?? this.runId;
      const continuity: RedisContinuity =
        this.epoch === null ? 'same' : epoch !== this.epoch ? 'lost' : runId !== this.runId ? 'restarted' : 'same';
      this.epoch = epoch;
      this.runId = runId;
      if (continuity !== 'same') this.logger.warn(continuity === 'lost' ? 'Redis lost its data (new epoch): joined clients re-run the handshake' : 'Redis restarted: checking the streams of open pages');
      for (const listener of this.listeners) await listener(continuity);
      if (this.conn.status !== 'ready') return;
      this.verifiedNow = true;
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    } catch (err) {
      // The connection dropped again mid-check (its next 'ready' checks again), or something else
      // failed: try again shortly rather than hold acks until the next reconnect.
      this.logger.warn(`Redis epoch check failed: ${(err as Error).message}`);
      if (this.conn.status === 'ready') setTimeout(() => void this.check(), 1000).unref();
    }
  }

  onApplicationShutdown(): void {
    // Nothing waits on a stopping process; release holders so their handlers finish.
    for (const resolve of this.waiters) resolve();
    this.waiters = [];
    // Disconnect, not QUIT: Redis may be down, and this connection retries forever, so left open it
    // would keep reconnecting (and rejecting its check) after the app has closed.
    this.conn?.disconnect();
  }
}
