import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CollabModule } from '../collab/collab.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EventsModule } from '../events/events.module.js';
import { HistoryComputeService } from './history-compute.service.js';
import { VersionRepository } from './version.repository.js';
import { VersionsController } from './versions.controller.js';
import { VersionsService } from './versions.service.js';

// A page's version history (issue 13). Restores are edits, so it uses the collaboration module's
// edit path.
@Module({
  imports: [AuthModule, AccessModule, EventsModule, DocumentsModule, CollabModule],
  controllers: [VersionsController],
  providers: [VersionsService, VersionRepository, HistoryComputeService],
  // Comments check their anchors against the page with the same off-the-loop computation.
  exports: [HistoryComputeService],
})
export class VersionsModule {}
