import { Module } from '@nestjs/common';
import { DocumentPersistService } from './document-persist.service.js';
import { DocumentsProcessor } from './documents.processor.js';
import { PersistBatcher } from './persist-batcher.js';
import { PersistenceModule } from './persistence.module.js';
import { StreamSweeper } from './stream-sweeper.js';

// The worker's half: the documents queue's processor and the batching of its persist jobs.
@Module({
  imports: [PersistenceModule],
  providers: [DocumentPersistService, PersistBatcher, DocumentsProcessor, StreamSweeper],
})
export class WorkerPersistenceModule {}
