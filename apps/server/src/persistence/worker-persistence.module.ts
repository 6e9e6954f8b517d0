import { Module } from '@nestjs/common';
import { DocumentPersistService } from './document-persist.service.js';
import { DocumentsProcessor } from './documents.processor.js';
import { PersistenceModule } from './persistence.module.js';

// The worker's half: the documents queue's processor.
@Module({
  imports: [PersistenceModule],
  providers: [DocumentPersistService, DocumentsProcessor],
})
export class WorkerPersistenceModule {}
