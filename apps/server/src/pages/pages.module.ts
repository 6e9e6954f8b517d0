import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { PageRepository } from './page.repository.js';
import { PagesController, WorkspacePagesController } from './pages.controller.js';
import { PagesService } from './pages.service.js';
import { EventsModule } from '../events/events.module.js';

@Module({
  imports: [AuthModule, AccessModule, EventsModule, DocumentsModule],
  controllers: [WorkspacePagesController, PagesController],
  providers: [PagesService, PageRepository],
})
export class PagesModule {}
