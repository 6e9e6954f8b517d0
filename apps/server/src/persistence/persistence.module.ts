import { Module } from '@nestjs/common';
import { documentsQueue } from '../infra/queues.js';
import { DocumentStreamRepository } from './document-stream.repository.js';
import { DocumentRepository } from './document.repository.js';
import { DocumentSeedService } from './document-seed.service.js';
import { PersistQueueRepository } from './persist-queue.repository.js';
import { PersistScheduler } from './persist.scheduler.js';
import { SavedEventsRepository } from './saved-events.repository.js';

// The storage side of documents shared by the gateway and the worker: the Postgres rows, the Redis
// stream, the persist queue and its in-memory scheduler, and the "saved" channel.
@Module({
  imports: [documentsQueue],
  providers: [DocumentRepository, DocumentStreamRepository, PersistQueueRepository, PersistScheduler, SavedEventsRepository, DocumentSeedService],
  exports: [DocumentRepository, DocumentStreamRepository, PersistQueueRepository, PersistScheduler, SavedEventsRepository, DocumentSeedService],
})
export class PersistenceModule {}
