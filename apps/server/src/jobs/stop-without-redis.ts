import { WorkerHost } from '@nestjs/bullmq';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { RedisService } from '../infra/redis.service.js';

// How long the rest of a stop may take once Redis is away before the process leaves anyway.
const STOP_WITHOUT_REDIS_MS = 3000;

// A clean stop finishes the jobs in hand and QUITs BullMQ's connections, and with Redis away both
// wait for it forever: a job's completion is a Redis write, and a QUIT queued behind commands that
// wait offline (a stalled check, a blocking read) is never sent. Every queue's workers run such
// checks each second, so a stop during an outage hung whenever one was queued. So when Redis is
// away at the stop, every worker closes at once, and the process leaves after a short grace for
// the other hooks (Postgres, mail). The jobs in hand stay active in Redis and run again once their
// lock expires; every job is idempotent (a persist reads the stream afresh and writes guarded).
@Injectable()
export class StopWithoutRedis implements BeforeApplicationShutdown {
  private readonly log = new Logger(StopWithoutRedis.name);

  constructor(
    private readonly redis: RedisService,
    private readonly discovery: DiscoveryService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis.client.status === 'ready') return;
    this.log.warn(`Stopping while Redis is away: the jobs in hand run again once their locks expire`);
    setTimeout(() => process.exit(0), STOP_WITHOUT_REDIS_MS).unref();
    const hosts = this.discovery.getProviders().map((p) => p.instance as unknown).filter((i): i is WorkerHost => i instanceof WorkerHost);
    await Promise.allSettled(hosts.map((h) => h.worker.close(true)));
  }
}
