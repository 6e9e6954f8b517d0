import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ExportCoreModule } from '../exports/exports.module.js';
import { FileStorageModule } from '../files/file-storage.module.js';
import { ImportCoreModule } from '../imports/imports.module.js';
import { transfersQueue } from '../infra/queues.js';
import { TransferQueueRepository } from './transfer-queue.repository.js';
import { TransferRepository } from './transfer.repository.js';
import { TransfersController } from './transfers.controller.js';
import { TransfersService } from './transfers.service.js';

// Imports and exports as worker jobs, API side: starting them, their progress, the download.
@Module({
  imports: [AuthModule, ImportCoreModule, ExportCoreModule, FileStorageModule, transfersQueue],
  controllers: [TransfersController],
  providers: [TransfersService, TransferRepository, TransferQueueRepository],
})
export class TransfersModule {}
