import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { PersistenceModule } from '../persistence/persistence.module.js';
import { PageRepository } from './page.repository.js';
import { PagesController, WorkspacePagesController } from './pages.controller.js';
import { PagesService } from './pages.service.js';

@Module({
  imports: [AuthModule, AccessModule, AuditModule, PersistenceModule],
  controllers: [WorkspacePagesController, PagesController],
  providers: [PagesService, PageRepository],
})
export class PagesModule {}
