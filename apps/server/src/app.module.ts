import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { LoggingModule } from './common/logging.js';
import { InfraModule } from './infra/infra.module.js';
import { bullRoot } from './infra/queues.js';
import { HealthModule } from './health/health.module.js';
import { AuthModule } from './auth/auth.module.js';
import { WorkspacesModule } from './workspaces/workspaces.module.js';
import { PagesModule } from './pages/pages.module.js';
import { DatabasesModule } from './databases/databases.module.js';
import { SharingModule } from './sharing/sharing.module.js';
import { CollabModule } from './collab/collab.module.js';
import { VersionsModule } from './versions/versions.module.js';
import { CommentsModule } from './comments/comments.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { SearchModule } from './search/search.module.js';
import { NavigationModule } from './navigation/navigation.module.js';
import { FilesModule } from './files/files.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { TransfersModule } from './transfers/transfers.module.js';
import { LinkPreviewsModule } from './link-previews/link-previews.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { AuditLogModule } from './audit/audit-log.module.js';

// The API + Socket.IO process (main.ts). Job processors live in WorkerModule (worker.ts).
@Module({
  imports: [ConfigModule, LoggingModule, InfraModule, bullRoot, MetricsModule, HealthModule, AuthModule, WorkspacesModule, PagesModule, DatabasesModule, SharingModule, SearchModule, NavigationModule, AuditLogModule, CollabModule, VersionsModule, CommentsModule, NotificationsModule, FilesModule, ExportsModule, ImportsModule, TransfersModule, LinkPreviewsModule],
})
export class AppModule {}
