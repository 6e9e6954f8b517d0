import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EventsModule } from '../events/events.module.js';
import { CollabGateway } from './collab.gateway.js';
import { CollabSessions } from './collab-sessions.js';
import { DocumentSyncService } from './document-sync.service.js';
import { RedisEpochService } from '../infra/redis-epoch.service.js';
import { RedisHealService } from './redis-heal.service.js';
import { SessionRecheckService } from './session-recheck.service.js';
import { BacklogQuota } from './backlog-quota.js';
import { UpdateMerger } from './update-merger.js';

// Real-time editing over Socket.IO (the server process). Its persistence half runs in the worker.
@Module({
  imports: [AuthModule, AccessModule, DocumentsModule, EventsModule],
  providers: [CollabGateway, CollabSessions, DocumentSyncService, RedisEpochService, RedisHealService, SessionRecheckService, BacklogQuota, UpdateMerger],
  // Server-side edits (a version restore) go through the gateway's own edit path.
  exports: [CollabGateway],
})
export class CollabModule {}
