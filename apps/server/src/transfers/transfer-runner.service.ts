import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import type { ImportSummary } from '@tandem/protocol';
import type { UserPrincipal } from '../access/principal.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { ExportService } from '../exports/export.service.js';
import { fileKey, FileStorage } from '../files/file-storage.js';
import { ImportService } from '../imports/import.service.js';
import { NotifyTransferService } from '../notifications/notify-transfer.service.js';
import { TransferRepository, type TransferRow } from './transfer.repository.js';

// Progress is written at most this often (and once at the end of each phase): a 1,000-page import
// must not cost 1,000 row updates.
const PROGRESS_EVERY_MS = 500;

// The worker's side of a transfer (transfers.processor.ts runs it): the import or export itself,
// through the same services as the direct endpoints, with its progress, outcome or failure written
// to the row. A refusal (ApiError: bad zip, lost access, limits) is the transfer's outcome, not a
// job failure to retry; anything else fails the row with a general message and is rethrown.
@Injectable()
export class TransferRunner {
  private readonly logger = new Logger(TransferRunner.name);

  constructor(
    private readonly repo: TransferRepository,
    private readonly imports: ImportService,
    private readonly exports: ExportService,
    private readonly storage: FileStorage,
    private readonly notify: NotifyTransferService,
    private readonly config: AppConfig,
  ) {}

  async run(transferId: string): Promise<void> {
    const row = await this.repo.find(transferId);
    if (!row || !(await this.repo.start(transferId))) return;
    const principal: UserPrincipal = { kind: 'user', userId: row.userId, name: row.user.name };
    try {
      if (row.params.kind === 'import') await this.runImport(row, principal);
      else await this.runExport(row, principal);
    } catch (err) {
      if (err instanceof ApiError) {
        await this.failed(row, refusalMessage(err));
        return;
      }
      this.logger.error(`Transfer ${row.id} (${row.kind}) failed: ${(err as Error).message}`);
      await this.failed(row, row.kind === 'import' ? 'The import failed on the server; nothing was imported. Try again.' : 'The export failed on the server. Try again.');
      throw err;
    }
  }

  // The failure is written once (a row already ended is left as it is); only then is it told.
  private async failed(row: TransferRow, error: string): Promise<void> {
    if (!(await this.repo.fail(row.id, error)) || row.kind !== 'export') return;
    await this.notify.exportFinished({ id: row.id, userId: row.userId, workspaceId: row.workspaceId, outcome: 'failed', fileName: null, error, expiresAt: null });
  }

  private async runImport(row: TransferRow, principal: UserPrincipal): Promise<void> {
    if (row.params.kind !== 'import' || !row.storageKey) throw new Error('not an import');
    const temp = join(tmpdir(), `tandem-transfer-${randomUUID()}`);
    let summary: ImportSummary;
    try {
      const body = await this.storage.get(row.storageKey);
      if (!body) throw ApiError.notFound('The uploaded file');
      await pipeline(body, createWriteStream(temp));
      summary = await this.imports.importPath(principal, row.workspaceId, row.params.parentId ?? undefined, temp, row.params.clientName, row.params.ip, this.progress(row.id));
    } finally {
      // The upload goes before the outcome is written: whoever reads a finished import finds its
      // upload gone, whether it succeeded or not.
      await rm(temp, { force: true });
      await this.storage.delete(row.storageKey).catch(() => undefined);
    }
    await this.repo.finishImport(row.id, summary);
  }

  private async runExport(row: TransferRow, principal: UserPrincipal): Promise<void> {
    if (row.params.kind !== 'export') throw new Error('not an export');
    const { pageId, format, subpages } = row.params;
    const progress = this.progress(row.id);
    const out = pageId ? await this.exports.exportPage(principal, pageId, format, subpages, progress) : await this.exports.exportWorkspace(row.userId, row.workspaceId, format, progress);
    // To disk first: storage needs the size, and a zip's size is known only once it is written.
    const temp = join(tmpdir(), `tandem-transfer-${randomUUID()}`);
    const key = fileKey(row.workspaceId, row.id);
    const days = this.config.EXPORT_RETENTION_DAYS;
    const expiresAt = days ? new Date(Date.now() + days * 86_400_000) : null;
    try {
      await pipeline(Buffer.isBuffer(out.body) ? Readable.from([out.body]) : out.body, createWriteStream(temp));
      await this.storage.put(key, createReadStream(temp), (await stat(temp)).size, out.mime);
      // Not running any more (ended meanwhile): nobody will read this file, so it goes.
      if (!(await this.repo.finishExport(row.id, key, out.filename, expiresAt))) throw new Error('the transfer ended while it ran');
    } catch (err) {
      await this.storage.delete(key).catch(() => undefined);
      throw err;
    } finally {
      await rm(temp, { force: true });
    }
    await this.notify.exportFinished({ id: row.id, userId: row.userId, workspaceId: row.workspaceId, outcome: 'ready', fileName: out.filename, error: null, expiresAt });
  }

  private progress(id: string): (done: number, total: number) => Promise<void> {
    let last = 0;
    return async (done, total) => {
      const now = Date.now();
      if (done !== 0 && done !== total && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      await this.repo.progress(id, done, total);
    };
  }
}

// A refusal as one sentence: a field's reason ("x.md is not valid UTF-8 text") reads best alone.
function refusalMessage(err: ApiError): string {
  const reason = err.fields ? Object.values(err.fields)[0] : undefined;
  return reason ? (/^is /.test(reason) ? `The file ${reason}.` : `${reason[0]!.toUpperCase()}${reason.slice(1)}.`.replace(/\.\.$/, '.')) : err.message;
}
