import { Module } from '@nestjs/common';
import { documentsQueue } from '../infra/queues.js';
import { ClientOwnerRepository } from './client-owner.repository.js';
import { DocumentStreamRepository } from './document-stream.repository.js';
import { DocumentRepository } from './document.repository.js';
import { DocumentSeedService } from './document-seed.service.js';
import { MarkdownImportPool } from './markdown-import.pool.js';
import { PersistQueueRepository } from './persist-queue.repository.js';
import { PersistScheduler } from './persist.scheduler.js';
import { PageLinkRepository } from './page-link.repository.js';

// A page's document storage, shared by the gateway and the worker: the Postgres rows, the Redis
// stream, the persist queue and its in-memory scheduler, and the seeding of new pages.
@Module({
  imports: [documentsQueue],
  providers: [ClientOwnerRepository, DocumentRepository, DocumentStreamRepository, PersistQueueRepository, PersistScheduler, DocumentSeedService, MarkdownImportPool, PageLinkRepository],
  exports: [ClientOwnerRepository, DocumentRepository, DocumentStreamRepository, PersistQueueRepository, PersistScheduler, DocumentSeedService, PageLinkRepository],
})
export class DocumentsModule {}
