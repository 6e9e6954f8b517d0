import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { keySlot, SLOTS } from './key-slot.js';
import { pageSlot, RedisService } from './redis.service.js';

// What a check after a reconnect found: the same data, a Redis that restarted (it may have lost
// its last writes: AOF everysec, a failover), or a Redis that lost everything (the epoch key is
// gone: restarted without persistence, flushed, or a replica that never had it).
export type RedisContinuity = 'same' | 'restarted' | 'lost';

// A check's findings. One Redis: one continuity for everything. A cluster: one per shard (each
// master restarts, fails over or loses its data on its own), and a page's is its slot's shard's.
export interface ContinuityReport {
  // The worst of all shards.
  overall: RedisContinuity;
  // Whether every shard (one Redis: the only one) found `overall`.
  everywhere: boolean;
  forPage(pageId: string): RedisContinuity;
}

const RANK: Record<RedisContinuity, number> = { same: 0, restarted: 1, lost: 2 };

// What the last check saw of one cluster shard, by the epoch key watched on it.
interface ShardSeen {
  epoch: string;
  runId: string | null;
  node: string;
}

// Notices that Redis lost data (ARCHITECTURE invariant 9). Redis keeps an epoch key holding a random
// value this process reads at start; a dedicated connection re-reads it, and the server's run id,
// whenever it comes back. Between losing that connection and the check, the process is
// "unverified": the gateway holds its acks, handshakes and "saved" events, so no client is told
// anything the check might revoke.
//
// On a cluster each master has its own run id and can lose its data alone, so there is one epoch
// key per shard (a key whose hash tag falls in a slot the master serves) and the check reads each
// master's key and run id; a page's continuity is its slot's shard's. A node connection dropping,
// or the topology changing, makes the process unverified until every master has been checked again.
// A shard seen for the first time since the last check (a replica promoted, slots moved) counts as
// restarted: the gateway then checks each acknowledged page there rather than vouch for it.
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
  private readonly listeners: ((report: ContinuityReport) => Promise<void> | void)[] = [];
  // Cluster: what the last check saw, per epoch key (one per shard), and the hash tag found per slot.
  private shards: Map<string, ShardSeen> | null = null;
  private readonly tags = new Map<number, string>();

  constructor(private readonly redis: RedisService) {}

  onModuleInit(): void {
    // Retries forever: a check must outlast any outage.
    this.conn = this.redis.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false });
    this.conn.on('close', () => (this.verifiedNow = false));
    this.conn.on('ready', () => void this.check());
    if (this.redis.cluster) {
      // A shard's connection that drops and comes back, or a node that joins or leaves (failover,
      // resharding): unverified until every master is checked again.
      const watchNode = (node: Redis) => {
        node.on('close', () => (this.verifiedNow = false));
        node.on('ready', () => void this.check());
      };
      this.conn.on('+node', (node: Redis) => {
        watchNode(node);
        this.verifiedNow = false;
        if (this.conn.status === 'ready') void this.check();
      });
      this.conn.on('-node', () => {
        this.verifiedNow = false;
        if (this.conn.status === 'ready') void this.check();
      });
      for (const node of (this.conn as unknown as Cluster).nodes()) watchNode(node);
    }
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
  onContinuity(listener: (report: ContinuityReport) => Promise<void> | void): void {
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
      const report = this.redis.cluster ? await this.checkShards() : await this.checkOne();
      if (report.overall !== 'same') {
        this.logger.warn(
          report.overall === 'lost'
            ? `Redis lost its data (new epoch${report.everywhere ? '' : ' on a shard'}): joined clients re-run the handshake`
            : `Redis restarted${report.everywhere ? '' : ' (a shard)'}: checking the streams of open pages`,
        );
      }
      for (const listener of this.listeners) await listener(report);
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

  // One Redis: its epoch key and run id.
  private async checkOne(): Promise<ContinuityReport> {
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
    return { overall: continuity, everywhere: true, forPage: () => continuity };
  }

  // A cluster: each master's epoch key (in a slot it serves) and run id, compared with what the
  // last check saw of that key.
  private async checkShards(): Promise<ContinuityReport> {
    const cluster = this.conn as unknown as Cluster;
    // The slot map as the cluster has it now: a failover or a restarted node may have changed it.
    await new Promise<void>((resolve) => cluster.refreshSlotsCache(() => resolve()));
    const owners = cluster.slots.map((nodes) => nodes?.[0]);
    const first = this.shards === null;
    const seen = new Map<string, ShardSeen>();
    const byNode = new Map<string, RedisContinuity>();
    for (const node of cluster.nodes('master')) {
      const name = `${node.options.host}:${node.options.port}`;
      const slot = owners.indexOf(name);
      if (slot < 0) continue; // a master without slots holds no page
      const key = this.redis.key('epoch', `{${this.tagFor(slot)}}`);
      const [, [, epoch]] = (await node.multi().set(key, randomUUID(), 'NX').get(key).exec()) as [unknown, [null, string]];
      const info = await node.info('server').catch(() => '');
      const runId = /run_id:(\w+)/.exec(info)?.[1] ?? null;
      const before = this.shards?.get(key);
      const continuity: RedisContinuity = first
        ? 'same'
        : !before
          ? 'restarted'
          : epoch !== before.epoch
            ? 'lost'
            : (runId !== null && runId !== before.runId) || name !== before.node
              ? 'restarted'
              : 'same';
      seen.set(key, { epoch, runId, node: name });
      byNode.set(name, continuity);
    }
    this.shards = seen;
    const all = [...byNode.values()];
    const overall = all.reduce<RedisContinuity>((worst, c) => (RANK[c] > RANK[worst] ? c : worst), 'same');
    // A page whose slot no checked master serves: unknown, so checked as after a restart.
    const forPage = (pageId: string): RedisContinuity => byNode.get(owners[pageSlot(pageId)] ?? '') ?? (overall === 'same' ? 'same' : 'restarted');
    return { overall, everywhere: all.every((c) => c === overall), forPage };
  }

  // A hash tag whose key slot is `slot` (found once per slot: a few thousand CRC16s).
  private tagFor(slot: number): string {
    let tag = this.tags.get(slot);
    if (tag) return tag;
    for (let n = 0; n < SLOTS * 64; n++) {
      if (keySlot(`e${n}`) === slot) {
        tag = `e${n}`;
        break;
      }
    }
    this.tags.set(slot, tag!);
    return tag!;
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
