import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { ExportFormat, TransferView } from '@tandem/protocol';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { ExportService } from '../exports/export.service.js';
import { fileKey, FileStorage } from '../files/file-storage.js';
import { receiveUpload } from '../files/upload-receiver.js';
import { ImportService } from '../imports/import.service.js';
import { JobName } from '../jobs/job.types.js';
import { TransferQueueRepository } from './transfer-queue.repository.js';
import { isExpired, toTransferView } from './transfer-view.js';
import { TransferRepository } from './transfer.repository.js';

type UploadRequest = Parameters<typeof receiveUpload>[0];

export interface TransferDownload {
  fileName: string;
  mime: string;
  body: Readable;
}

// Starting imports and exports as worker jobs, and reading them back (issue 16). Starting checks
// the same access as the direct endpoints, so a refusal is an answer to the request, not a failed
// job; the job checks again when it runs. An import's upload is stored (FileStorage) for the
// worker, which may run on another machine.
@Injectable()
export class TransfersService {
  constructor(
    private readonly repo: TransferRepository,
    private readonly queue: TransferQueueRepository,
    private readonly imports: ImportService,
    private readonly exports: ExportService,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  async startImport(auth: AuthContext, workspaceId: string, parentId: string | undefined, req: UploadRequest, client: ClientMeta): Promise<TransferView> {
    await this.imports.requireWhere(auth.principal, workspaceId, parentId);
    const received = await receiveUpload(req, this.config.IMPORT_MAX_UPLOAD_BYTES);
    const id = randomUUID();
    const key = fileKey(workspaceId, id);
    try {
      await this.storage.put(key, createReadStream(received.path), received.size, 'application/octet-stream');
    } finally {
      await received.discard();
    }
    try {
      const row = await this.repo.create({ id, workspaceId, userId: auth.user.id, storageKey: key, params: { kind: 'import', parentId: parentId ?? null, clientName: received.clientName, ip: client.ip } });
      await this.queue.add(JobName.RunImport, { transferId: id });
      return toTransferView(row);
    } catch (err) {
      await this.storage.delete(key);
      throw err;
    }
  }

  async startPageExport(auth: AuthContext, pageId: string, format: ExportFormat, subpages: boolean): Promise<TransferView> {
    const workspaceId = await this.exports.requirePage(auth.principal, pageId);
    return this.startExport(auth.user.id, workspaceId, { kind: 'export', pageId, format, subpages });
  }

  async startWorkspaceExport(auth: AuthContext, workspaceId: string, format: ExportFormat): Promise<TransferView> {
    await this.exports.requireWorkspace(auth.user.id, workspaceId);
    return this.startExport(auth.user.id, workspaceId, { kind: 'export', pageId: null, format, subpages: true });
  }

  async get(auth: AuthContext, id: string): Promise<TransferView> {
    const row = await this.repo.findOwn(auth.user.id, id);
    if (!row) throw ApiError.notFound('Transfer');
    return toTransferView(row);
  }

  async download(auth: AuthContext, id: string): Promise<TransferDownload> {
    const row = await this.repo.findOwn(auth.user.id, id);
    if (!row) throw ApiError.notFound('Transfer');
    if (row.kind !== 'export') throw ApiError.conflict('Only exports have a file to download.');
    if (isExpired(row)) throw ApiError.gone(`The export's file was deleted ${this.config.EXPORT_RETENTION_DAYS ? `${this.config.EXPORT_RETENTION_DAYS} days after it was made` : 'after it expired'}. Export again to get a new one.`);
    if (row.status !== 'done' || !row.storageKey || !row.fileName) throw ApiError.conflict('The export is not finished yet.');
    const body = await this.storage.get(row.storageKey);
    if (!body) throw ApiError.notFound("The export's file");
    return { fileName: row.fileName, mime: row.fileName.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/zip', body };
  }

  private async startExport(userId: string, workspaceId: string, params: { kind: 'export'; pageId: string | null; format: ExportFormat; subpages: boolean }): Promise<TransferView> {
    const id = randomUUID();
    const row = await this.repo.create({ id, workspaceId, userId, storageKey: null, params });
    await this.queue.add(JobName.RunExport, { transferId: id });
    return toTransferView(row);
  }
}
