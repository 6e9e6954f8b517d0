import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AfterCommit } from './after-commit.service.js';
import { RealtimeEventsRepository } from './realtime-events.repository.js';

// The realtime events between server processes (realtime-channels.ts) and the after-commit tail
// of REST changes. Imported by every module that publishes or subscribes.
@Module({
  imports: [AuditModule],
  providers: [RealtimeEventsRepository, AfterCommit],
  exports: [RealtimeEventsRepository, AfterCommit],
})
export class EventsModule {}
