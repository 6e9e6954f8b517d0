import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { fileContentUrl } from '@tandem/editor/file-urls';
import { roleAtLeast, type ImportSummary } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import type { UserPrincipal } from '../access/principal.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { DocumentSeedService, type InitialDocument } from '../documents/document-seed.service.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { treeChanged } from '../events/realtime-channels.js';
import { ContentRefused, inspectContent, sanitizeFileName } from '../files/file-content.js';
import { FileRepository, type NewFile } from '../files/file.repository.js';
import { fileKey, FileStorage } from '../files/file-storage.js';
import { receiveUpload } from '../files/upload-receiver.js';
import { htmlBody, htmlDepth, MAX_HTML_DEPTH, parkRelativeUrls, restoreRelativeUrls } from './html-source.js';
import { planPages, rewriteLinks, type PlannedPage, type Skipped } from './import-plan.js';
import { ImportParentGone, ImportRepository, type ImportedPage } from './import.repository.js';
import { readZip, ZipRefused } from './zip-reader.js';

type UploadRequest = Parameters<typeof receiveUpload>[0];

// Told after each page is built: pages built, pages to build.
export type ImportProgress = (done: number, total: number) => void | Promise<void>;

interface PendingFile {
  row: NewFile;
  bytes: Buffer;
}

// Imports a Markdown file or a zip of them (issue 16). Everything is decided before anything is
// written: the zip is read within its limits, every page's Markdown parsed, every file sniffed;
// then the files' bytes are stored and the pages, documents and file rows inserted in one
// transaction. If that fails, the stored bytes are deleted: nothing is half-created.
@Injectable()
export class ImportService {
  constructor(
    private readonly repo: ImportRepository,
    private readonly files: FileRepository,
    private readonly storage: FileStorage,
    private readonly seed: DocumentSeedService,
    private readonly access: AccessService,
    private readonly after: AfterCommit,
    private readonly config: AppConfig,
  ) {}

  async import(auth: AuthContext, workspaceId: string, parentId: string | undefined, req: UploadRequest, client: ClientMeta): Promise<ImportSummary> {
    await this.requireWhere(auth.principal, workspaceId, parentId);
    const received = await receiveUpload(req, this.config.IMPORT_MAX_UPLOAD_BYTES);
    try {
      return await this.importPath(auth.principal, workspaceId, parentId, received.path, received.clientName, client.ip);
    } finally {
      await received.discard();
    }
  }

  // The import of a file already on disk (the request's upload, or a transfer job's copy of it).
  // Access is checked again here: a job runs later, and the person may have lost access meanwhile.
  // `progress` is told how many pages are built of how many.
  async importPath(
    principal: UserPrincipal,
    workspaceId: string,
    parentId: string | undefined,
    path: string,
    clientName: string,
    ip: string | null,
    progress: ImportProgress = () => undefined,
  ): Promise<ImportSummary> {
    await this.requireWhere(principal, workspaceId, parentId);
    const entries = await this.entries(path, clientName);
    const texts = new Map<string, string>();
    const htmlSkipped: Skipped[] = [];
    for (const [name, bytes] of entries) {
      if (/\.md$/i.test(name)) texts.set(name, decodeUtf8(name, bytes));
    }
    // HTML files become Markdown first (in the import pool's threads), then take the same path.
    for (const [name, bytes] of entries) {
      if (!/\.html?$/i.test(name)) continue;
      const as = name.replace(/\.html?$/i, '.md');
      if (texts.has(as)) {
        htmlSkipped.push({ path: name, reason: `A Markdown file of the same name (${as}) was imported instead.` });
        continue;
      }
      texts.set(as, await this.htmlAsMarkdown(name, decodeUtf8(name, bytes)));
    }
    const { pages, skipped } = planPages(texts, [...entries.keys()]);
    skipped.push(...htmlSkipped);
    if (!pages.length) throw ApiError.validation({ file: 'holds no Markdown (.md) or HTML (.html) files to import' });
    if (pages.length > this.config.IMPORT_MAX_PAGES) throw ApiError.payloadTooLarge(`The import would create ${pages.length} pages; at most ${this.config.IMPORT_MAX_PAGES} at once.`);

    const pending = await this.resolve(pages, entries, workspaceId, principal.userId, skipped);
    const documents = new Map<string, InitialDocument>();
    await progress(0, pages.length);
    for (const page of pages) {
      try {
        documents.set(page.id, await this.seed.build({ kind: 'markdown', content: page.markdown }, 'file'));
      } catch (err) {
        if (err instanceof ApiError) throw ApiError.validation({ file: `${page.source}: ${err.message}` });
        throw err;
      }
      await progress(documents.size, pages.length);
    }
    const bytes = pending.reduce((sum, f) => sum + f.row.size, 0);
    if ((await this.files.workspaceBytes(workspaceId)) + bytes > this.config.STORAGE_MAX_WORKSPACE_BYTES) {
      throw ApiError.payloadTooLarge("The import's files would take this workspace over its storage limit.");
    }
    const stored: string[] = [];
    try {
      for (const file of pending) {
        await this.storage.put(file.row.key, Readable.from([file.bytes]), file.row.size, file.row.mime);
        stored.push(file.row.key);
      }
      const rows: ImportedPage[] = pages.map((p) => ({ id: p.id, parentId: p.parentId, title: p.title, document: documents.get(p.id)! }));
      await this.repo.createAll(workspaceId, parentId ?? null, principal.userId, rows, pending.map((f) => f.row));
    } catch (err) {
      await Promise.allSettled(stored.map((key) => this.storage.delete(key)));
      if (err instanceof ImportParentGone) throw ApiError.conflict('The page to import under was moved to the trash meanwhile; nothing was imported.');
      throw err;
    }
    const rootPageIds = pages.filter((p) => p.parentId === null).map((p) => p.id);
    await this.after.run({
      audit: { action: 'page.imported', targetType: 'workspace', targetId: workspaceId, workspaceId, actorId: principal.userId, ip, metadata: { pages: pages.length, files: pending.length, parentId: parentId ?? null } },
      publish: [treeChanged(workspaceId)],
    });
    return { rootPageIds, pagesCreated: pages.length, filesUploaded: pending.length, skipped };
  }

  async requireWhere(principal: UserPrincipal, workspaceId: string, parentId: string | undefined): Promise<void> {
    const role = await this.access.workspaceRole(principal.userId, workspaceId);
    if (!role) throw ApiError.notFound('Workspace');
    if (parentId) {
      const parent = await this.access.pageAccess(principal, parentId);
      if (!parent || parent.workspaceId !== workspaceId) throw ApiError.validation({ 'query.parentId': 'is not a page of this workspace' });
      if (parent.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
      if (!roleAtLeast(parent.role, 'editor')) throw ApiError.forbidden('You need edit access to the page to import under it.');
    } else if (role === 'guest') {
      throw ApiError.forbidden('Guests can only import inside pages shared with them.');
    }
  }

  private async htmlAsMarkdown(name: string, html: string): Promise<string> {
    const depth = htmlDepth(html);
    if (depth > MAX_HTML_DEPTH) throw ApiError.validation({ file: `${name} nests its elements ${depth} deep; imports take at most ${MAX_HTML_DEPTH} levels` });
    return restoreRelativeUrls(await this.seed.htmlToMarkdown(parkRelativeUrls(htmlBody(html)), 'file'));
  }

  // A zip's files, or the one Markdown file as the zip's only entry.
  private async entries(path: string, clientName: string): Promise<Map<string, Buffer>> {
    const head = (await readFile(path)).subarray(0, 4);
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
      try {
        return await readZip(path, { maxEntries: this.config.IMPORT_MAX_ENTRIES, maxUncompressedBytes: this.config.IMPORT_MAX_UNPACKED_BYTES });
      } catch (err) {
        if (err instanceof ZipRefused) throw ApiError.validation({ file: err.message });
        throw err;
      }
    }
    const name = sanitizeFileName(clientName || 'Imported.md');
    if (!/\.(md|markdown|txt|html?)$/i.test(name)) throw ApiError.validation({ file: 'must be a Markdown file (.md), an HTML file (.html) or a zip of them' });
    return new Map([[name.replace(/\.(markdown|txt)$/i, '.md'), await readFile(path)]]);
  }

  // Rewrites each page's links: to imported pages → page links; to the zip's other files → those
  // files, uploaded to the page (images the bytes say are images are shown inline).
  private async resolve(pages: PlannedPage[], entries: ReadonlyMap<string, Buffer>, workspaceId: string, userId: string, skipped: Skipped[]): Promise<PendingFile[]> {
    const pagesByPath = new Map<string, string>();
    for (const p of pages) pagesByPath.set(p.source.replace(/\/$/, ''), p.id);
    const origin = this.config.APP_URL ?? this.config.WEB_ORIGIN[0] ?? 'http://localhost:3000';
    const pageUrl = (id: string) => `${origin.replace(/\/$/, '')}/w/${workspaceId}/p/${id}`;
    const pending: PendingFile[] = [];
    for (const page of pages) {
      const uploaded = new Map<string, string | null>();
      page.markdown = await rewriteLinks(page, pagesByPath, pageUrl, async (target, isImage) => {
        if (uploaded.has(target)) return uploaded.get(target)!;
        const bytes = entries.get(target);
        let url: string | null = null;
        if (bytes && !/\.md$/i.test(target) && bytes.length <= this.config.STORAGE_MAX_FILE_BYTES && bytes.length > 0) {
          const file = await this.sniff(bytes, target, page.id, workspaceId, userId, skipped);
          if (file) {
            pending.push(file);
            // Images by their path (an image source); other files as absolute links (a link must
            // be http(s)), which referencedFileIds also reads.
            url = isImage ? fileContentUrl(file.row.id) : `${origin.replace(/\/$/, '')}${fileContentUrl(file.row.id)}`;
          }
        } else if (bytes && bytes.length > this.config.STORAGE_MAX_FILE_BYTES) {
          skipped.push({ path: target, reason: 'Larger than the file size limit.' });
        }
        uploaded.set(target, url);
        return url;
      });
    }
    return pending;
  }

  private async sniff(bytes: Buffer, path: string, pageId: string, workspaceId: string, userId: string, skipped: Skipped[]): Promise<PendingFile | null> {
    const temp = join(tmpdir(), `tandem-import-${randomUUID()}`);
    await writeFile(temp, bytes);
    try {
      const facts = await inspectContent(temp, bytes.length);
      const id = randomUUID();
      return {
        bytes,
        row: { id, pageId, workspaceId, key: fileKey(workspaceId, id), name: sanitizeFileName(posix.basename(path)), size: bytes.length, mime: facts.mime, width: facts.width, height: facts.height, createdById: userId },
      };
    } catch (err) {
      if (err instanceof ContentRefused) {
        skipped.push({ path, reason: err.message });
        return null;
      }
      throw err;
    } finally {
      await rm(temp, { force: true });
    }
  }
}

// Text files must be UTF-8 (the import cannot guess another encoding): anything else is refused
// with the file named, before anything is created.
function decodeUtf8(name: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ApiError.validation({ file: `${name} is not valid UTF-8 text` });
  }
}
