import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiLimits, DUPLICATE_MAX_PAGES, parseCover, roleAtLeast, type DuplicatePageBody, type PageAccessRole, type PageKind, type PageView } from '@tandem/protocol';
import type { yDocToJSON } from '@tandem/editor';
import { DatabaseDocError, isDatabaseDoc, readSchema, readViews } from '@tandem/database/ydoc';
import * as Y from 'yjs';
import type { z } from 'zod';
import { AccessService } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { maxDocumentBytes } from '../documents/document-limit.js';
import { DocumentSeedService, type DatabaseStructure, type InitialDocument } from '../documents/document-seed.service.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { documentEditor } from '../documents/document-editor.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { treeChanged } from '../events/realtime-channels.js';
import { fileKey, FileStorage } from '../files/file-storage.js';
import { FileRepository, type NewFile } from '../files/file.repository.js';
import type { Page } from '../generated/prisma/client.js';
import { PageRepository, TreeRuleError, type PageCopy } from './page.repository.js';
import { toPageView } from './page-view.js';
import { PositionError } from './position.js';

type Content = ReturnType<typeof yDocToJSON>;

// Duplicates a page, or a page and its sub-pages, beside the original (issue 18). Each copy gets a
// document built fresh from the original's current content (persisted state plus the stream after
// it), so it starts with its own history and no other page's Yjs client ids (invariant 10). Files
// are copied too, bytes and rows, and the copy's document points at the new ids: a file belongs to
// one page (its reader rights, the orphan collector), so sharing one would break when either page
// changes. Comments, versions and shares stay with the original, and the copy starts unlocked:
// it is made to be changed.
@Injectable()
export class PageDuplicateService {
  constructor(
    private readonly pages: PageRepository,
    private readonly access: AccessService,
    private readonly after: AfterCommit,
    private readonly seeds: DocumentSeedService,
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly files: FileRepository,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  async duplicate(auth: AuthContext, pageId: string, body: z.output<typeof DuplicatePageBody>, client: ClientMeta): Promise<PageView> {
    const access = await this.access.requirePage(auth.principal, pageId, 'viewer');
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
    const role = await this.requireEditorWhereItLands(auth, access.workspaceId, access.parentId);
    const { page, pages, files } = await this.copyTree(auth, {
      workspaceId: access.workspaceId,
      sourceId: pageId,
      subtree: body.subtree ?? false,
      parentId: access.parentId,
      place: 'after_source',
      title: copyTitle,
    });
    await this.after.run({
      audit: { action: 'page.duplicated', targetType: 'page', targetId: page.id, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { from: pageId, pages, files } },
      publish: [treeChanged(access.workspaceId)],
    });
    return toPageView(page, role);
  }

  // Copies `sourceId` (with `subtree`, and every live descendant the caller can read) under
  // `parentId`: right after the source (a duplicate) or between the given siblings (a page made
  // from a template). The caller has checked read access to the source and edit rights where the
  // copy lands. `title` and `icon` name the top copy (sub-pages keep theirs). Copies are never
  // templates, whatever the source was: a template's pages are made to be filled in.
  async copyTree(
    auth: AuthContext,
    plan: { workspaceId: string; sourceId: string; subtree: boolean; parentId: string | null; place: 'after_source' | { afterId?: string | null; beforeId?: string | null }; title: (sourceTitle: string) => string; icon?: (sourceIcon: string | null) => string | null },
  ): Promise<{ page: Page; pages: number; files: number }> {
    const { workspaceId, sourceId } = plan;
    const sources = await this.sources(auth, workspaceId, sourceId, plan.subtree);
    const ids = new Map(sources.map((p) => [p.id, randomUUID()]));
    const newFiles: Array<NewFile & { sourceKey: string }> = [];
    const copies: PageCopy[] = [];
    for (const source of sources) {
      const id = ids.get(source.id)!;
      const { json, fileIds: shown, database } = await this.content(source.id);
      const cover = parseCover(source.cover);
      // Only the files the page shows (its document and its cover): the rest are orphans-to-be.
      const used = new Set(shown);
      if (cover?.kind === 'file') used.add(cover.fileId);
      const fileIds = new Map<string, string>();
      for (const file of await this.files.listForPage(source.id)) {
        if (!used.has(file.id)) continue;
        const copyId = randomUUID();
        fileIds.set(file.id, copyId);
        const { name, size, mime, width, height } = file;
        newFiles.push({ id: copyId, pageId: id, workspaceId, key: fileKey(workspaceId, copyId), name, size, mime, width, height, createdById: auth.user.id, sourceKey: file.key });
      }
      const top = source.id === sourceId;
      copies.push({
        id,
        parentId: top ? plan.parentId : ids.get(source.parentId!)!,
        position: source.position,
        title: top ? plan.title(source.title) : source.title,
        icon: top && plan.icon ? plan.icon(source.icon) : source.icon,
        fullWidth: source.fullWidth,
        smallText: source.smallText,
        cover: cover?.kind === 'file' ? (fileIds.has(cover.fileId) ? `file:${fileIds.get(cover.fileId)}` : null) : source.cover,
        coverPosition: source.coverPosition,
        // An empty page stays empty (the schema wants at least one block in built content).
        document: await this.copyDocument(json.content?.length ? await this.seeds.build({ kind: 'json', content: withFileIds(json, fileIds) }, 'body') : undefined, source, id, database),
        // A database's copy is a database with its properties and views, without its rows (they are
        // pages with ids of their own: not copied, see DECISIONS).
        kind: source.kind === 'database' && database ? 'database' : 'page',
      });
    }
    const bytes = newFiles.reduce((sum, f) => sum + f.size, 0);
    if (bytes && (await this.files.workspaceBytes(workspaceId)) + bytes > this.config.STORAGE_MAX_WORKSPACE_BYTES) {
      throw ApiError.payloadTooLarge("The copy's files would take this workspace over its storage limit.");
    }
    // Bytes first, rows after (as imports do): a failure leaves no row without bytes.
    const stored: string[] = [];
    let created: Page;
    try {
      for (const file of newFiles) {
        const body = await this.storage.get(file.sourceKey);
        if (!body) continue; // lost bytes: the copy's row serves 404 like the original's
        await this.storage.put(file.key, body, file.size, file.mime);
        stored.push(file.key);
      }
      created = await this.pages.createCopies(workspaceId, sourceId, auth.user.id, copies, newFiles.map(({ sourceKey: _key, ...row }) => row), plan.place);
    } catch (err) {
      await Promise.allSettled(stored.map((key) => this.storage.delete(key)));
      if (err instanceof TreeRuleError) throw ApiError.conflict('The page or the page it is in was moved to the trash meanwhile; nothing was copied.');
      if (err instanceof PositionError) throw ApiError.validation({ [`body.${err.field}`]: err.message });
      throw err;
    }
    return { page: created, pages: copies.length, files: newFiles.length };
  }

  private async copyDocument(body: InitialDocument | undefined, source: Page, id: string, database: DatabaseStructure | null): Promise<InitialDocument | undefined> {
    if (source.kind !== 'database' || !database) return body && this.withinSize(body, source.kind as PageKind);
    try {
      return this.withinSize(this.seeds.databaseCopy(body, source.id, id, database), 'database');
    } catch (err) {
      // The original's schema reads valid, so this is not expected; say what failed, copy nothing.
      if (err instanceof DatabaseDocError) throw ApiError.conflict(`The database "${source.title}" could not be copied: ${err.message}`);
      throw err;
    }
  }

  // A copy must leave room to edit, as any new page (see PagesService.initialDocument).
  private withinSize(document: InitialDocument, kind: PageKind): InitialDocument {
    const max = maxDocumentBytes(this.config, kind);
    if (document.state.byteLength >= max) throw ApiError.payloadTooLarge(`A copy of this page would be ${document.state.byteLength} bytes; a page may hold at most ${max}.`);
    return document;
  }

  // The copy lands beside the original: editor rights on its parent, or at the root a full member.
  private async requireEditorWhereItLands(auth: AuthContext, workspaceId: string, parentId: string | null): Promise<PageAccessRole> {
    if (parentId) {
      const role = await this.access.pageRole(auth.principal, parentId);
      if (!roleAtLeast(role, 'editor')) throw ApiError.forbidden('You need edit access to the page this one is in to put a copy there.');
      return role!;
    }
    const role = await this.access.workspaceRole(auth.user.id, workspaceId);
    if (!role || role === 'guest') throw ApiError.forbidden('Only workspace members can add pages at the top level.');
    return role === 'member' ? 'editor' : 'full_access';
  }

  // The page, then (with `subtree`) its live descendants the caller can read, parents first.
  private async sources(auth: AuthContext, workspaceId: string, pageId: string, subtree: boolean): Promise<Page[]> {
    const tree = await this.pages.liveTree(workspaceId);
    const root = tree.find((p) => p.id === pageId);
    if (!root) throw ApiError.notFound('Page');
    if (!subtree) return [root];
    const roles = await this.access.treeRoles(auth.user.id, workspaceId, tree);
    const children = new Map<string, Page[]>();
    for (const page of tree) if (page.parentId) children.set(page.parentId, [...(children.get(page.parentId) ?? []), page]);
    const out: Page[] = [];
    const queue = [root];
    while (queue.length) {
      const page = queue.shift()!;
      out.push(page);
      if (out.length > DUPLICATE_MAX_PAGES) throw ApiError.payloadTooLarge(`The page has more than ${DUPLICATE_MAX_PAGES} sub-pages; copy a smaller part of it.`);
      for (const child of children.get(page.id) ?? []) if (roles.has(child.id)) queue.push(child);
    }
    return out;
  }

  // The page's current content as Tiptap JSON, the uploaded files it shows, and a database's
  // properties and views.
  private async content(pageId: string): Promise<{ json: Content; fileIds: string[]; database: DatabaseStructure | null }> {
    const row = await this.documents.find(pageId);
    const entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', 1_000_000);
    const editor = await documentEditor();
    const doc = new Y.Doc();
    try {
      if (row) Y.applyUpdate(doc, row.state);
      for (const entry of entries) Y.applyUpdate(doc, entry.update);
      const json = editor.yDocToJSON(doc);
      return { json, fileIds: editor.referencedFileIds(json), database: isDatabaseDoc(doc) ? { schema: readSchema(doc, pageId), views: readViews(doc) } : null };
    } finally {
      doc.destroy();
    }
  }
}

// The content with its files renamed to their copies. Ids appear in attributes and URLs (src,
// fileId, link hrefs); a UUID is unambiguous text, so replacing it in the serialized JSON is exact.
function withFileIds(json: Content, fileIds: ReadonlyMap<string, string>): unknown {
  if (!fileIds.size) return json;
  let text = JSON.stringify(json);
  for (const [from, to] of fileIds) text = text.replace(new RegExp(from, 'gi'), to);
  return JSON.parse(text) as unknown;
}

// "Copy of Plan"; an untitled page stays recognisable as a copy too (within the title limit).
function copyTitle(title: string): string {
  return `Copy of ${title || 'Untitled'}`.slice(0, ApiLimits.pageTitleMax);
}
