import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CollabModule } from '../collab/collab.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EventsModule } from '../events/events.module.js';
import { PageRepository } from '../pages/page.repository.js';
import { DatabaseDocuments } from './database-documents.service.js';
import { DatabaseEdits } from './database-edits.service.js';
import { DatabaseQueryService } from './database-query.service.js';
import { DatabaseCsvController } from './database-csv.controller.js';
import { DatabaseCsvMerge } from './database-csv-merge.service.js';
import { DatabaseCsvService } from './database-csv.service.js';
import { DatabasesController } from './databases.controller.js';
import { DatabasesService } from './databases.service.js';
import { DatabaseProjectionModule } from './database-projection.module.js';
import { RelationMirrors } from './relation-mirrors.service.js';

// Databases over REST (issue 17), in the API process. Row writes are server-side edits of the
// document, so it uses the collaboration module's edit path.
@Module({
  imports: [AuthModule, AccessModule, EventsModule, DocumentsModule, CollabModule, DatabaseProjectionModule],
  controllers: [DatabasesController, DatabaseCsvController],
  providers: [DatabasesService, DatabaseCsvService, DatabaseCsvMerge, DatabaseDocuments, DatabaseEdits, RelationMirrors, DatabaseQueryService, PageRepository],
})
export class DatabasesModule {}
