import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { EventsModule } from '../events/events.module.js';
import { FileStorageModule } from './file-storage.module.js';
import { FilesController } from './files.controller.js';
import { FilesService } from './files.service.js';

// Uploaded files (issue 16): uploads and downloads through the API. Orphans are collected by the
// worker (jobs/file-orphans.service.ts).
@Module({
  imports: [AuthModule, AccessModule, EventsModule, FileStorageModule],
  controllers: [FilesController],
  providers: [FilesService],
  exports: [FilesService],
})
export class FilesModule {}
