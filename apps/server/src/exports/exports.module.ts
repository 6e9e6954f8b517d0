import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { FileStorageModule } from '../files/file-storage.module.js';
import { ExportController } from './export.controller.js';
import { ExportRepository } from './export.repository.js';
import { ExportService } from './export.service.js';

// The export itself, without HTTP: the API's controller and the worker's transfer jobs both run it.
@Module({
  imports: [AccessModule, DocumentsModule, FileStorageModule],
  providers: [ExportService, ExportRepository],
  exports: [ExportService],
})
export class ExportCoreModule {}

// Exports of pages and workspaces as Markdown zips or self-contained HTML (issue 16).
@Module({
  imports: [AuthModule, ExportCoreModule],
  controllers: [ExportController],
})
export class ExportsModule {}
