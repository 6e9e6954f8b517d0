import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { DependencyHealth, DependencyName, HealthReport } from '@tandem/protocol';
import { PrismaService } from '../infra/prisma.service.js';
import { RedisService } from '../infra/redis.service.js';
import { QueueName } from '../jobs/job.types.js';
import { loopDeadline } from './loop-deadline.js';

const CHECK_TIMEOUT_MS = 1500;
const startedAt = Date.now();

// A failed check says only that it failed: /health is public, and driver messages name hosts,
// ports and users. The reason goes to the log.
async function probe(name: DependencyName, check: () => Promise<Record<string, number> | void>, logger: Logger): Promise<DependencyHealth> {
  const t0 = performance.now();
  const deadline = loopDeadline(CHECK_TIMEOUT_MS, () => new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`));
  try {
    const details = await Promise.race([check(), deadline.expired]);
    return { name, ok: true, latencyMs: Math.round(performance.now() - t0), ...(details ? { details } : {}) };
  } catch (err) {
    logger.warn(`health: ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    return { name, ok: false };
  } finally {
    deadline.cancel();
  }
}

@Injectable()
export class HealthService {
  private readonly logger = new Logger(HealthService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    @InjectQueue(QueueName.Documents) private readonly documents: Queue,
  ) {
    // BullMQ re-emits Redis connection errors on the queue; report them here rather than as
    // unhandled 'error' events. /health tells the current state.
    this.documents.on('error', (err) => this.logger.warn(`documents queue: ${err.message}`));
  }

  async report(): Promise<HealthReport> {
    const dependencies = await Promise.all([
      probe('postgres', async () => {
        await this.prisma.$queryRaw`SELECT 1`;
      }, this.logger),
      probe('redis', async () => {
        // Every master of a cluster: a page on a shard that is down can't be edited.
        for (const pong of await Promise.all((await this.redis.masters()).map((node) => node.ping()))) {
          if (pong !== 'PONG') throw new Error(`unexpected PING reply ${pong}`);
        }
      }, this.logger),
      probe('queue', async () => {
        const counts = await this.documents.getJobCounts('waiting', 'active', 'delayed', 'failed');
        return counts;
      }, this.logger),
    ]);
    const down = dependencies.filter((d) => !d.ok).map((d) => d.name);
    return {
      status: down.length ? 'degraded' : 'ok',
      down,
      dependencies,
      version: process.env.npm_package_version ?? '0.0.0',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  }
}
