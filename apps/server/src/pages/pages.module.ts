import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { FileStorageModule } from '../files/file-storage.module.js';
import { PageDuplicateService } from './page-duplicate.service.js';
import { MemberTreeCache } from './member-tree-cache.js';
import { PageRepository } from './page.repository.js';
import { PagesController, WorkspacePagesController } from './pages.controller.js';
import { PagesService } from './pages.service.js';
import { EventsModule } from '../events/events.module.js';

@Module({
  imports: [AuthModule, AccessModule, EventsModule, DocumentsModule, FileStorageModule],
  controllers: [WorkspacePagesController, PagesController],
  providers: [PagesService, PageDuplicateService, PageRepository, MemberTreeCache],
})
export class PagesModule {}
