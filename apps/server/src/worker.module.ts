import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { LoggingModule } from './common/logging.js';
import { InfraModule } from './infra/infra.module.js';
import { workerBullRoot } from './infra/queues.js';
import { JobsModule } from './jobs/jobs.module.js';
import { WorkerMetricsModule } from './metrics/metrics.module.js';

// The BullMQ worker process (worker.ts): the same modules' processors, no HTTP.
@Module({
  imports: [ConfigModule, LoggingModule, InfraModule, workerBullRoot, WorkerMetricsModule, JobsModule],
})
export class WorkerModule {}
