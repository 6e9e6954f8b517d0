import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { loggerModule } from './common/logging.js';
import { InfraModule } from './infra/infra.module.js';
import { bullRoot } from './infra/queues.js';
import { HealthModule } from './health/health.module.js';
import { AuthModule } from './auth/auth.module.js';

// The API + Socket.IO process (main.ts). Job processors live in WorkerModule (worker.ts).
@Module({
  imports: [ConfigModule, loggerModule, InfraModule, bullRoot, HealthModule, AuthModule],
})
export class AppModule {}
