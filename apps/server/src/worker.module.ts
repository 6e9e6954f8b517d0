import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { loggerModule } from './common/logging.js';
import { InfraModule } from './infra/infra.module.js';
import { bullRoot } from './infra/queues.js';
import { WorkerPersistenceModule } from './persistence/worker-persistence.module.js';

// The BullMQ worker process (worker.ts): the same modules' processors, no HTTP.
@Module({
  imports: [ConfigModule, loggerModule, InfraModule, bullRoot, WorkerPersistenceModule],
})
export class WorkerModule {}
