import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { DatabaseChanges } from './database-changes.js';
import { DatabaseDocCache } from './database-doc-cache.js';
import { DatabaseMetaRepository } from './database-meta.repository.js';
import { DatabaseProjection } from './database-projection.service.js';
import { DatabaseRowRepository } from './database-row.repository.js';
import { DatabaseSources } from './database-source.service.js';
import { RowPageRepository } from './row-page.repository.js';

// The worker's half of databases (issue 17): the projection of database documents, and what the
// REST query shares with it (the row table, related databases, row pages).
@Module({
  imports: [DocumentsModule],
  providers: [DatabaseProjection, DatabaseChanges, DatabaseDocCache, DatabaseMetaRepository, DatabaseRowRepository, DatabaseSources, RowPageRepository],
  exports: [DatabaseProjection, DatabaseChanges, DatabaseDocCache, DatabaseMetaRepository, DatabaseRowRepository, DatabaseSources, RowPageRepository],
})
export class DatabaseProjectionModule {}
