import { Injectable } from '@nestjs/common';
import {
  parseCover,
  roleAtLeast,
  toTreePage,
  type CreatePageBody,
  type MovePageBody,
  type PageAccessRole,
  type PageDetailResponse,
  type PageKind,
  type PageTreeResponse,
  type PageView,
  type TrashResponse,
  type UpdatePageBody,
  type WorkspaceRole,
} from '@tandem/protocol';
import { BUILTIN_TEMPLATES, builtinTemplate } from '@tandem/editor/templates';
import type { z } from 'zod';
import { AccessService, type PageAccess } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { accessChanged, treeChanged } from '../events/realtime-channels.js';
import { AppConfig } from '../config/env.js';
import type { Page } from '../generated/prisma/client.js';
import { DocumentSeedService, type InitialDocument } from '../documents/document-seed.service.js';
import { PageDuplicateService } from './page-duplicate.service.js';
import { MemberTreeCache, type SerializedTree } from './member-tree-cache.js';
import { PageRepository, TreeRuleError } from './page.repository.js';
import { PositionError } from './position.js';
import { toPageView } from './page-view.js';

// The page tree. Every decision goes through AccessService; the rules for changing the tree:
//  - create: editor on the parent (at the root: owner, admin or member of the workspace); imported
//    content is checked and converted after access and before anything is written; from a
//    template page, read access to it too (checked after the parent, as content is);
//  - mark or unmark as a template: editor on the page (an option like the layout);
//  - rename / icon: editor on the page;
//  - move and trash: editor on the page and where it leaves from (its parent, or the root), and for
//    a move also where it lands; restore and delete for good: full_access (owners and admins).
@Injectable()
export class PagesService {
  constructor(
    private readonly pages: PageRepository,
    private readonly access: AccessService,
    private readonly after: AfterCommit,
    private readonly seeds: DocumentSeedService,
    private readonly config: AppConfig,
    private readonly duplicates: PageDuplicateService,
    private readonly trees: MemberTreeCache,
  ) {}

  // The tree serialized (a PageTreeResponse): a full member's from MemberTreeCache while the
  // workspace's pages are unchanged, a guest's (their shares down, cheap) each time.
  async tree(auth: AuthContext, workspaceId: string): Promise<SerializedTree> {
    const role = await this.requireMember(auth, workspaceId);
    if (role === 'guest') return { body: Buffer.from(JSON.stringify(await this.readTree(auth, workspaceId, role))), etag: '' };
    // Read before the tree: a change in between makes this entry miss next time, never serve stale.
    const fingerprint = await this.pages.treeFingerprint(workspaceId);
    // A full member's tree depends on the workspace and role alone, so one read's build serves all.
    return this.trees.read(workspaceId, role, fingerprint, async () => JSON.stringify(await this.readTree(auth, workspaceId, role)));
  }

  private async readTree(auth: AuthContext, workspaceId: string, role: WorkspaceRole): Promise<PageTreeResponse> {
    const viewer = await this.access.treeViewer(auth.user.id, workspaceId, role);
    const pages = await this.pages.sidebarTree(workspaceId, this.access.treeStarts(viewer));
    const roles = await this.access.treeRoles(auth.user.id, workspaceId, pages, viewer);
    const visible = pages.filter((p) => roles.has(p.id));
    return {
      workspaceId,
      // A guest's shared page whose parent they can't see shows as a root for them. (`kind` is
      // CHECK-constrained to the three PageKinds.)
      pages: visible.map((p) => toTreePage({ ...p, kind: p.kind as PageKind, role: roles.get(p.id)!, parentId: p.parentId && roles.has(p.parentId) ? p.parentId : null })),
    };
  }

  async create(auth: AuthContext, workspaceId: string, body: z.output<typeof CreatePageBody>, client: ClientMeta): Promise<PageView> {
    const parentId = body.parentId ?? null;
    const role = await this.access.requirePlacement(auth.principal, auth.user.id, workspaceId, parentId, 'body.parentId');
    if (body.template?.kind === 'page') return this.createFromTemplatePage(auth, workspaceId, parentId, role, body, body.template.pageId, client);
    const builtin = body.template?.kind === 'builtin' ? builtinTemplate(body.template.key) : undefined;
    if (body.template && !builtin) throw ApiError.validation({ 'body.template.key': `is not a built-in template (${BUILTIN_TEMPLATES.map((t) => t.key).join(', ')})` });
    const document =
      body.kind === 'database'
        ? this.seeds.database()
        : body.content
          ? await this.initialDocument(body.content)
          : builtin
            ? await this.initialDocument({ kind: 'json', content: builtin.content })
            : undefined;
    const page = await this.mapTreeErrors(() =>
      this.pages.create({
        workspaceId,
        parentId,
        afterId: body.afterId,
        beforeId: body.beforeId,
        title: body.title ?? builtin?.title ?? '',
        icon: body.icon === undefined ? (builtin?.icon ?? null) : body.icon,
        createdById: auth.user.id,
        kind: body.kind ?? 'page',
        document,
      }),
    );
    await this.after.run({
      audit: {
        action: 'page.created',
        targetType: 'page',
        targetId: page.id,
        workspaceId,
        actorId: auth.user.id,
        ip: client.ip,
        ...(body.kind === 'database'
          ? { metadata: { kind: 'database' } }
          : body.content
            ? { metadata: { content: body.content.kind } }
            : builtin
              ? { metadata: { template: `builtin:${builtin.key}` } }
              : {}),
      },
      publish: [treeChanged(workspaceId)],
    });
    return toPageView(page, role);
  }

  // A page from one of the workspace's templates: a copy of the template page and the sub-pages
  // the caller can read (PageDuplicateService), placed where the new page was asked for. A page
  // that is not a live template of this workspace the caller can read gets the answer a missing
  // page gets (400 on the field), so the refusal says nothing about pages the caller can't see.
  private async createFromTemplatePage(
    auth: AuthContext,
    workspaceId: string,
    parentId: string | null,
    role: PageAccessRole,
    body: z.output<typeof CreatePageBody>,
    templateId: string,
    client: ClientMeta,
  ): Promise<PageView> {
    const source = await this.access.pageAccess(auth.principal, templateId);
    const row = source && source.workspaceId === workspaceId && !source.trashed ? await this.pages.find(templateId) : null;
    if (!row?.template) throw ApiError.validation({ 'body.template.pageId': 'is not a template of this workspace' });
    const { page, pages, files } = await this.duplicates.copyTree(auth, {
      workspaceId,
      sourceId: templateId,
      subtree: true,
      parentId,
      place: { afterId: body.afterId, beforeId: body.beforeId },
      title: (title) => body.title ?? title,
      icon: (icon) => (body.icon === undefined ? icon : body.icon),
    });
    await this.after.run({
      audit: { action: 'page.created', targetType: 'page', targetId: page.id, workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { template: templateId, pages, files } },
      publish: [treeChanged(workspaceId)],
    });
    return toPageView(page, role);
  }

  async get(auth: AuthContext, pageId: string): Promise<PageDetailResponse> {
    const access = await this.access.requirePage(auth.principal, pageId, 'viewer');
    const page = await this.mustFind(pageId);
    // Breadcrumbs show only the ancestors this person can see (a guest's start at their share).
    const visibleIds = [...access.visibleAncestorIds];
    const ancestors = await this.pages.findMany(visibleIds);
    const byId = new Map(ancestors.map((a) => [a.id, a]));
    return {
      page: toPageView(page, access.role),
      role: access.role,
      ancestors: visibleIds
        .reverse()
        .map((id) => byId.get(id))
        .filter((a): a is Page => a !== undefined)
        .map((a) => ({ id: a.id, title: a.title, icon: a.icon })),
    };
  }

  // A locked page keeps its title, icon and cover until an editor unlocks it (a guard against
  // accidental edits, not a permission: any editor may unlock). Layout options stay free.
  async update(auth: AuthContext, pageId: string, body: z.output<typeof UpdatePageBody>, client: ClientMeta): Promise<PageView> {
    const access = await this.access.requirePage(auth.principal, pageId, 'editor');
    this.requireLive(access);
    const current = await this.mustFind(pageId);
    const { locked, ...fields } = body;
    const editsContent = fields.title !== undefined || fields.icon !== undefined || fields.cover !== undefined || fields.coverPosition !== undefined;
    if (current.lockedAt && locked !== false && editsContent) throw ApiError.conflict('This page is locked. Unlock it to change its title, icon or cover.');
    if (fields.cover) await this.requireCoverImage(pageId, fields.cover);
    const lockedAt = locked === undefined ? undefined : locked ? (current.lockedAt ?? new Date()) : null;
    const page = await this.pages.update(pageId, { ...fields, ...(lockedAt !== undefined ? { lockedAt } : {}) }, editsContent ? auth.user.id : null);
    await this.after.run({
      audit: { action: 'page.updated', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { ...body } },
      publish: [treeChanged(access.workspaceId)],
    });
    return toPageView(page, access.role);
  }

  // An uploaded cover must be an image uploaded to this page: its bytes are served to whoever can
  // read the page, so a file of another page (maybe one the reader cannot see) is refused.
  private async requireCoverImage(pageId: string, cover: string): Promise<void> {
    const parsed = parseCover(cover);
    if (parsed?.kind !== 'file') return;
    const file = await this.pages.file(parsed.fileId);
    if (!file || file.pageId !== pageId || !file.mime.startsWith('image/')) throw ApiError.validation({ 'body.cover': 'is not an image uploaded to this page' });
  }

  async move(auth: AuthContext, pageId: string, body: z.output<typeof MovePageBody>, client: ClientMeta): Promise<PageView> {
    const access = await this.access.requirePage(auth.principal, pageId, 'editor');
    this.requireLive(access);
    await this.requireNotRow(pageId, 'A row stays in its database; move it within the database.');
    await this.requireEditorWhereItLeaves(auth, access);
    if (body.parentId) {
      const target = await this.access.pageAccess(auth.principal, body.parentId);
      if (!target || target.workspaceId !== access.workspaceId || target.trashed) throw ApiError.validation({ 'body.parentId': 'is not a page of this workspace' });
      if (!roleAtLeast(target.role, 'editor')) throw ApiError.forbidden('You need edit access to the page you move it under.');
    } else {
      await this.requireRootEditor(auth, access.workspaceId);
    }
    const page = await this.mapTreeErrors(() => this.pages.move(access.workspaceId, pageId, { parentId: body.parentId, afterId: body.afterId, beforeId: body.beforeId }));
    // Inherited shares follow the tree, so a move can take access away from someone.
    await this.after.run({
      audit: { action: 'page.moved', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { from: access.parentId, to: body.parentId } },
      publish: [accessChanged({ pageIds: [pageId] }), treeChanged(access.workspaceId)],
    });
    return toPageView(page, (await this.access.pageRole(auth.principal, pageId)) ?? access.role);
  }

  async trash(auth: AuthContext, pageId: string, client: ClientMeta): Promise<void> {
    const access = await this.access.requirePage(auth.principal, pageId, 'editor');
    this.requireLive(access);
    await this.requireNotRow(pageId, 'Delete the row in its database: its page follows the row.');
    await this.requireEditorWhereItLeaves(auth, access);
    const ids = await this.mapTreeErrors(() => this.pages.trash(access.workspaceId, pageId));
    await this.after.run({
      audit: { action: 'page.trashed', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { pages: ids.length } },
      publish: [accessChanged({ pageIds: [pageId] }), treeChanged(access.workspaceId)],
    });
  }

  async listTrash(auth: AuthContext, workspaceId: string): Promise<TrashResponse> {
    const role = await this.requireMember(auth, workspaceId);
    if (role !== 'owner' && role !== 'admin') throw ApiError.forbidden('Only owners and admins can see the trash.');
    const roots = await this.pages.trashRoots(workspaceId);
    return { pages: roots.map((p) => ({ ...toPageView(p, 'full_access'), deletedAt: p.deletedAt!.toISOString(), descendantCount: p.descendantCount })) };
  }

  async restore(auth: AuthContext, pageId: string, client: ClientMeta): Promise<PageView> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    if (!access.trashed) throw ApiError.conflict('That page is not in the trash.');
    await this.requireNotRow(pageId, 'A row comes back when it is back in its database (undo, or the database\'s version history).');
    const { page, ids } = await this.mapTreeErrors(() => this.pages.restore(access.workspaceId, pageId), 'Only a page that was trashed itself can be restored; restore the page it was trashed with.');
    await this.after.run({
      audit: { action: 'page.restored', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { pages: ids.length } },
      publish: [treeChanged(access.workspaceId)],
    });
    return toPageView(page, access.role);
  }

  async deleteForever(auth: AuthContext, pageId: string, client: ClientMeta): Promise<void> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    if (!access.trashed) throw ApiError.conflict('Move the page to the trash before deleting it for good.');
    const ids = await this.mapTreeErrors(() => this.pages.deleteForever(access.workspaceId, pageId));
    await this.after.run({
      audit: { action: 'page.deleted', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { pages: ids.length } },
      publish: [accessChanged({ pageIds: ids }), treeChanged(access.workspaceId)],
    });
  }

  // The page's first document from imported content. It must leave room to edit: a page at the
  // document size limit would refuse every update.
  private async initialDocument(content: NonNullable<z.output<typeof CreatePageBody>['content']>): Promise<InitialDocument> {
    const document = await this.seeds.build(content, 'body.content.content');
    if (document.state.byteLength >= this.config.COLLAB_MAX_DOCUMENT_BYTES) {
      throw ApiError.validation({ 'body.content.content': `makes a document of ${document.state.byteLength} bytes; a page may hold at most ${this.config.COLLAB_MAX_DOCUMENT_BYTES}` });
    }
    return document;
  }

  private async requireMember(auth: AuthContext, workspaceId: string) {
    const role = await this.access.workspaceRole(auth.user.id, workspaceId);
    if (!role) throw ApiError.notFound('Workspace');
    return role;
  }

  // The workspace root belongs to its full members; guests only work inside what is shared.
  private requireRootEditor(auth: AuthContext, workspaceId: string): Promise<PageAccessRole> {
    return this.access.requirePlacement(auth.principal, auth.user.id, workspaceId, null, 'body.parentId');
  }

  private async requireEditorWhereItLeaves(auth: AuthContext, access: PageAccess): Promise<void> {
    if (access.parentId) {
      const parentRole = await this.access.pageRole(auth.principal, access.parentId);
      if (!roleAtLeast(parentRole, 'editor')) throw ApiError.forbidden('You need edit access to the page this one is in.');
    } else {
      await this.requireRootEditor(auth, access.workspaceId);
    }
  }

  // A row page follows its row in the database's document (the worker's projection makes, renames
  // and trashes it), so it is not moved, trashed or restored on its own: that would part the page
  // from its row.
  private async requireNotRow(pageId: string, message: string): Promise<void> {
    if ((await this.pages.find(pageId))?.kind === 'row') throw ApiError.conflict(message);
  }

  private requireLive(access: PageAccess): void {
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
  }

  private async mustFind(pageId: string): Promise<Page> {
    const page = await this.pages.find(pageId);
    if (!page) throw ApiError.notFound('Page');
    return page;
  }

  private async mapTreeErrors<T>(fn: () => Promise<T>, missing?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof PositionError) throw ApiError.validation({ [`body.${err.field}`]: err.message });
      if (err instanceof TreeRuleError) {
        if (err.rule === 'cycle') throw ApiError.conflict('A page cannot be moved under itself or one of its own sub-pages.');
        if (err.rule === 'parent_missing') throw ApiError.validation({ 'body.parentId': 'is not a page of this workspace' });
        throw missing ? ApiError.conflict(missing) : ApiError.notFound('Page');
      }
      throw err;
    }
  }
}
