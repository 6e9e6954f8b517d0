import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { fileContentPath, type FileListResponse, type FileView } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import type { Principal } from '../access/principal.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { countAttempt } from '../auth/attempts.js';
import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { ContentRefused, inspectContent, sanitizeFileName } from './file-content.js';
import { FileRepository, type FileRow } from './file.repository.js';
import { fileKey, FileStorage } from './file-storage.js';
import { formatBytes, receiveUpload } from './upload-receiver.js';

type UploadRequest = Parameters<typeof receiveUpload>[0];

export interface FileDownload {
  file: FileView;
  body: Readable;
}

// Uploads and downloads (issue 16). A file belongs to a page: uploading needs edit rights there,
// reading it needs read access to the page (a public link's holder included), so a trashed page's
// files are readable exactly by who can still read the page, and a deleted page's by no one.
@Injectable()
export class FilesService {
  constructor(
    private readonly files: FileRepository,
    private readonly storage: FileStorage,
    private readonly access: AccessService,
    private readonly limits: RateLimitRepository,
    private readonly after: AfterCommit,
    private readonly config: AppConfig,
  ) {}

  async upload(auth: AuthContext, pageId: string, req: UploadRequest, client: ClientMeta): Promise<FileView> {
    const page = await this.access.requirePage(auth.principal, pageId, 'editor');
    if (page.trashed) throw ApiError.conflict('This page is in the trash; restore it to add files.');
    await countAttempt(this.limits, 'upload', auth.user.id, this.config.STORAGE_UPLOADS_PER_MINUTE, 60_000);
    const maxWorkspace = this.config.STORAGE_MAX_WORKSPACE_BYTES;
    // Refuse a full workspace before reading the body (checked again, exactly, at the insert).
    if ((await this.files.workspaceBytes(page.workspaceId)) >= maxWorkspace) throw workspaceFull(maxWorkspace);
    const received = await receiveUpload(req, this.config.STORAGE_MAX_FILE_BYTES);
    try {
      let facts;
      try {
        facts = await inspectContent(received.path, received.size);
      } catch (err) {
        if (err instanceof ContentRefused) throw ApiError.validation({ file: err.message });
        throw err;
      }
      const id = randomUUID();
      const key = fileKey(page.workspaceId, id);
      const row = {
        id,
        pageId,
        workspaceId: page.workspaceId,
        key,
        name: sanitizeFileName(received.clientName),
        size: received.size,
        mime: facts.mime,
        width: facts.width,
        height: facts.height,
        createdById: auth.user.id,
      };
      await this.storage.put(key, createReadStream(received.path), received.size, facts.mime);
      let inserted = false;
      try {
        inserted = await this.files.insertWithinQuota(row, maxWorkspace);
      } finally {
        if (!inserted) await this.storage.delete(key);
      }
      if (!inserted) throw workspaceFull(maxWorkspace);
      await this.after.run({
        audit: { action: 'file.uploaded', targetType: 'file', targetId: id, workspaceId: page.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { pageId, size: row.size, mime: row.mime } },
      });
      return toView({ ...row, createdAt: new Date() });
    } finally {
      await received.discard();
    }
  }

  async list(auth: AuthContext, pageId: string): Promise<FileListResponse> {
    await this.access.requirePage(auth.principal, pageId, 'viewer');
    return { files: (await this.files.listForPage(pageId)).map(toView) };
  }

  // The bytes of a file, for a signed-in person or a public link's token. Every refusal is 404:
  // a file's existence is not revealed to someone who can't read its page.
  async download(auth: AuthContext | undefined, shareToken: string | undefined, fileId: string): Promise<FileDownload> {
    let principal: Principal | null = auth?.principal ?? null;
    if (shareToken) principal = await this.access.linkPrincipal(shareToken);
    if (!principal) throw shareToken ? ApiError.notFound('File') : ApiError.unauthenticated();
    const file = await this.files.find(fileId);
    if (!file?.pageId || !(await this.access.pageAccess(principal, file.pageId))) throw ApiError.notFound('File');
    const body = await this.storage.get(file.key);
    if (!body) throw ApiError.notFound('File');
    return { file: toView(file), body };
  }
}

function workspaceFull(max: number): ApiError {
  return ApiError.payloadTooLarge(`This workspace's files already use its ${formatBytes(max)} of storage. Delete files or ask an admin for more room.`);
}

export function toView(row: FileRow): FileView {
  const inline = row.width !== null && row.height !== null;
  return {
    id: row.id,
    pageId: row.pageId!,
    name: row.name,
    size: row.size,
    mime: row.mime,
    disposition: inline ? 'inline' : 'attachment',
    width: row.width,
    height: row.height,
    createdAt: row.createdAt.toISOString(),
    url: fileContentPath(row.id),
  };
}
