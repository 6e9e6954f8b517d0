import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DocumentsModule } from '../documents/documents.module.js';
import { maintenanceQueue } from '../infra/queues.js';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { EventsModule } from '../events/events.module.js';
import { FileStorageModule } from '../files/file-storage.module.js';
import { filesQueue } from '../infra/queues.js';
import { FileOrphansService } from './file-orphans.service.js';
import { FilesProcessor } from './files.processor.js';
import { DocumentPersistService } from './document-persist.service.js';
import { DocumentSnapshotService } from './document-snapshot.service.js';
import { DocumentsProcessor } from './documents.processor.js';
import { PersistBatcher } from './persist-batcher.js';
import { StreamSweeper } from './stream-sweeper.js';
import { SearchIndexFlusher } from './search-index-flusher.js';
import { BacklogRecovery } from './backlog-recovery.js';
import { ProjectionRecovery } from './projection-recovery.js';
import { AuditRetention } from './audit-retention.js';
import { AuditLogRepository } from '../audit/audit-log.repository.js';
import { AccessModule } from '../access/access.module.js';
import { MailModule } from '../mail/mail.module.js';
import { notificationsQueue } from '../infra/queues.js';
import { NotificationRepository } from '../notifications/notification.repository.js';
import { NotifyTransferService } from '../notifications/notify-transfer.service.js';
import { MentionMailService } from './mention-mail.service.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { TrashRepository } from '../pages/trash.repository.js';
import { TrashRetention } from './trash-retention.js';
import { ImportCoreModule } from '../imports/imports.module.js';
import { ExportCoreModule } from '../exports/exports.module.js';
import { transfersQueue } from '../infra/queues.js';
import { TransferRepository } from '../transfers/transfer.repository.js';
import { TransferRunner } from '../transfers/transfer-runner.service.js';
import { ExportExpiry } from './export-expiry.js';
import { TransfersProcessor } from './transfers.processor.js';
import { StopWithoutRedis } from './stop-without-redis.js';
import { DatabaseProjectionModule } from '../databases/database-projection.module.js';

// Everything the worker process runs (worker.module.ts boots this one module): one processor per
// queue of job.types.ts, and the services those jobs call.
@Module({
  imports: [DiscoveryModule, DocumentsModule, DatabaseProjectionModule, EventsModule, FileStorageModule, AccessModule, MailModule, ImportCoreModule, ExportCoreModule, filesQueue, maintenanceQueue, notificationsQueue, transfersQueue],
  providers: [DocumentPersistService, DocumentSnapshotService, PersistBatcher, DocumentsProcessor, StreamSweeper, SearchIndexFlusher, BacklogRecovery, ProjectionRecovery, FileOrphansService, FilesProcessor, AuditLogRepository, AuditRetention, TrashRepository, TrashRetention, MaintenanceProcessor, NotificationRepository, MentionMailService, NotificationsProcessor, TransferRepository, TransferRunner, TransfersProcessor, NotifyTransferService, ExportExpiry, StopWithoutRedis],
})
export class JobsModule {}
