import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { EventsModule } from '../events/events.module.js';
import { FileStorageModule } from '../files/file-storage.module.js';
import { ImportController } from './import.controller.js';
import { ImportRepository } from './import.repository.js';
import { ImportService } from './import.service.js';

// The import itself, without HTTP: the API's controller and the worker's transfer jobs both run it.
@Module({
  imports: [AccessModule, DocumentsModule, EventsModule, FileStorageModule],
  providers: [ImportService, ImportRepository],
  exports: [ImportService],
})
export class ImportCoreModule {}

// Imports of Markdown files and zips (plain folders or Notion exports) as pages (issue 16).
@Module({
  imports: [AuthModule, ImportCoreModule],
  controllers: [ImportController],
})
export class ImportsModule {}
