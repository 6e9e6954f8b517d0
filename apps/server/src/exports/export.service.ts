import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ExportLimits, type ExportFormat } from '@tandem/protocol';
import * as Y from 'yjs';
import yazl from 'yazl';
import { AccessService } from '../access/access.service.js';
import type { UserPrincipal } from '../access/principal.js';
import { ApiError } from '../common/api-error.js';
import { documentEditor } from '../documents/document-editor.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { FileStorage } from '../files/file-storage.js';
import { exportHtml, type EmbeddedFile } from './export-html.js';
import { filePath, layoutPages, rewriteMarkdown, type ExportFile } from './export-layout.js';
import { ExportRepository, type StoredFile, type TreePage } from './export.repository.js';

export interface ExportOutput {
  filename: string;
  mime: string;
  body: Readable | Buffer;
}

// Told after each page is read: pages read, pages to read.
export type ExportProgress = (done: number, total: number) => void | Promise<void>;

interface PageContent {
  page: TreePage;
  markdown: string;
  fileIds: string[];
}

// Exports (issue 16): a page, a page with its sub-pages, or a whole workspace, as a Markdown zip or
// one self-contained HTML file. What is exported is what the person can read: the pages by
// AccessService's rules, and only the uploaded files that belong to exported pages.
@Injectable()
export class ExportService {
  constructor(
    private readonly repo: ExportRepository,
    private readonly access: AccessService,
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly storage: FileStorage,
  ) {}

  // Checks that the principal may export the page (a reader of it, the page not in the trash);
  // answers the page's workspace.
  async requirePage(principal: UserPrincipal, pageId: string): Promise<string> {
    const access = await this.access.requirePage(principal, pageId, 'viewer');
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it to export it.');
    return access.workspaceId;
  }

  async requireWorkspace(userId: string, workspaceId: string): Promise<void> {
    const role = await this.access.workspaceRole(userId, workspaceId);
    if (!role) throw ApiError.notFound('Workspace');
    if (role !== 'owner' && role !== 'admin') throw ApiError.forbidden('Only owners and admins can export the whole workspace.');
  }

  async exportPage(principal: UserPrincipal, pageId: string, format: ExportFormat, subpages: boolean, progress: ExportProgress = () => undefined): Promise<ExportOutput> {
    const workspaceId = await this.requirePage(principal, pageId);
    const tree = await this.repo.liveTree(workspaceId);
    const roles = await this.access.treeRoles(principal.userId, workspaceId, tree);
    const inSubtree = new Set([pageId]);
    const pages = tree.filter((p) => {
      if (p.id === pageId) return true;
      if (!subpages || !p.parentId || !inSubtree.has(p.parentId) || !roles.has(p.id)) return false;
      inSubtree.add(p.id);
      return true;
    });
    return this.build(pages, format, pages[0]?.title || 'Untitled', progress);
  }

  async exportWorkspace(userId: string, workspaceId: string, format: ExportFormat, progress: ExportProgress = () => undefined): Promise<ExportOutput> {
    await this.requireWorkspace(userId, workspaceId);
    return this.build(await this.repo.liveTree(workspaceId), format, 'Workspace', progress);
  }

  private async build(pages: readonly TreePage[], format: ExportFormat, title: string, progress: ExportProgress): Promise<ExportOutput> {
    const contents: PageContent[] = [];
    await progress(0, pages.length);
    for (const page of pages) {
      contents.push({ page, ...(await this.content(page.id)) });
      await progress(contents.length, pages.length);
    }
    const ids = new Set(pages.map((p) => p.id));
    const files = await this.repo.files([...new Set(contents.flatMap((c) => c.fileIds))], [...ids]);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    const max = format === 'html' ? ExportLimits.maxHtmlFileBytes : ExportLimits.maxZipFileBytes;
    if (total > max) throw ApiError.payloadTooLarge(`These pages hold ${Math.round(total / 2 ** 20)} MB of files, more than one ${format === 'html' ? 'HTML' : 'Markdown'} export may carry (${max / 2 ** 20} MB). Export fewer pages${format === 'html' ? ', or as Markdown' : ''}.`);
    const base = (title.replace(/[^\p{L}\p{N} _.-]+/gu, '').trim() || 'export').slice(0, 80);
    if (format === 'html') {
      const embedded = new Map<string, EmbeddedFile>();
      for (const file of files) {
        const bytes = await this.read(file);
        if (bytes) embedded.set(file.id, { mime: file.mime, name: file.name, bytes });
      }
      const depth = depths(pages);
      const html = exportHtml(title, contents.map((c) => ({ id: c.page.id, title: c.page.title, depth: depth.get(c.page.id) ?? 0, markdown: c.markdown })), embedded, ids);
      return { filename: `${base}.html`, mime: 'text/html; charset=utf-8', body: Buffer.from(html) };
    }
    const layout = layoutPages(pages);
    const byId = new Map<string, ExportFile>(files.map((f) => [f.id, f]));
    const zip = new yazl.ZipFile();
    for (const c of contents) {
      const at = layout.get(c.page.id)!;
      const heading = `# ${c.page.title || 'Untitled'}\n\n`;
      zip.addBuffer(Buffer.from(heading + rewriteMarkdown(c.markdown, at, layout, byId)), at.path);
    }
    // Files stream from storage into the zip one at a time (lost bytes give an empty entry).
    for (const file of files) {
      zip.addReadStreamLazy(filePath(file), (done) => {
        this.storage.get(file.key).then((body) => done(null, body ?? Readable.from([])), (err: Error) => done(err, Readable.from([])));
      });
    }
    zip.end();
    return { filename: `${base}.zip`, mime: 'application/zip', body: zip.outputStream as Readable };
  }

  // The page as it is now: persisted state plus the stream entries after it.
  private async content(pageId: string): Promise<{ markdown: string; fileIds: string[] }> {
    const row = await this.documents.find(pageId);
    const entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', 1_000_000);
    const { yDocFileIds, yDocToMarkdown } = await documentEditor();
    const doc = new Y.Doc();
    try {
      if (row) Y.applyUpdate(doc, row.state);
      for (const entry of entries) Y.applyUpdate(doc, entry.update);
      return { markdown: yDocToMarkdown(doc), fileIds: yDocFileIds(doc) };
    } finally {
      doc.destroy();
    }
  }

  private async read(file: StoredFile): Promise<Buffer | null> {
    const body = await this.storage.get(file.key);
    if (!body) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}

function depths(pages: readonly TreePage[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const p of pages) depth.set(p.id, p.parentId && depth.has(p.parentId) ? depth.get(p.parentId)! + 1 : 0);
  return depth;
}
