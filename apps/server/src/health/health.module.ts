import { Module } from '@nestjs/common';
import { documentsQueue } from '../infra/queues.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({ imports: [documentsQueue], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
