import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ErrorCode,
  VersionLimits,
  type DocumentJSON,
  type PageKind,
  type RestoreVersionResponse,
  type VersionDetailResponse,
  type VersionAuthor,
  type VersionDiffResponse,
  type VersionListResponse,
  type VersionView,
} from '@tandem/protocol';
import type { BlockChange } from '@tandem/editor';
import * as Y from 'yjs';
import { AccessService, type PageAccess } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { CollabFailure } from '../collab/collab-failure.js';
import { CollabGateway } from '../collab/collab.gateway.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { ClientOwnerRepository } from '../documents/client-owner.repository.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { maxDocumentBytes } from '../documents/document-limit.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { RealtimeChannel, realtimeMessage } from '../events/realtime-channels.js';
import { HistoryComputeService } from './history-compute.service.js';
import { KIND_FROM_DB, VersionRepository, type VersionRow } from './version.repository.js';

// The page as it is now: its persisted state plus the stream entries after it (ARCHITECTURE I2),
// as the updates themselves (decoded only by HistoryComputeService).
interface CurrentDocument {
  parts: Uint8Array[];
  bytes: number;
  // Who wrote the entries not yet persisted.
  pendingAuthorIds: string[];
}

// Version history: listing, preview, compare, naming and restore. Everyone who can see a page
// (viewer and better) reads its history; editors and better save, rename and restore. A version id
// that is not one of this page's versions is 404, like a page the caller cannot see.
@Injectable()
export class VersionsService {
  constructor(
    private readonly versions: VersionRepository,
    private readonly access: AccessService,
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly gateway: CollabGateway,
    private readonly compute: HistoryComputeService,
    private readonly after: AfterCommit,
    private readonly config: AppConfig,
    private readonly owners: ClientOwnerRepository,
  ) {}

  async list(auth: AuthContext, pageId: string, cursor: string | undefined): Promise<VersionListResponse> {
    await this.access.requirePage(auth.principal, pageId, 'viewer');
    if (cursor && !(await this.versions.find(pageId, cursor))) throw ApiError.validation({ 'query.cursor': 'is not a cursor of this list' });
    const rows = await this.versions.list(pageId, VersionLimits.pageSize + 1, cursor);
    const page = rows.slice(0, VersionLimits.pageSize);
    return { versions: await this.views(page), nextCursor: rows.length > VersionLimits.pageSize ? page.at(-1)!.id : null };
  }

  async get(auth: AuthContext, pageId: string, versionId: string): Promise<VersionDetailResponse> {
    await this.access.requirePage(auth.principal, pageId, 'viewer');
    const version = await this.mustFindWithState(pageId, versionId);
    const [view, preview] = await Promise.all([this.views([version]).then((v) => v[0]!), this.compute.run({ kind: 'preview', parts: [version.state], pageId })]);
    return { version: view, content: preview.content as DocumentJSON, database: preview.database };
  }

  async diff(auth: AuthContext, pageId: string, versionId: string, against: 'current' | 'previous'): Promise<VersionDiffResponse> {
    await this.access.requirePage(auth.principal, pageId, 'viewer');
    const version = await this.mustFindWithState(pageId, versionId);
    let base: Uint8Array[];
    let previous: (VersionRow & { state: Uint8Array }) | null = null;
    if (against === 'current') base = (await this.current(pageId)).parts;
    else {
      previous = await this.versions.previous(version);
      base = previous ? [previous.state] : [];
    }
    const [diff, owners] = await Promise.all([this.compute.run({ kind: 'diff', base, version: [version.state] }), this.owners.owners(pageId)]);
    const views = await this.views(previous ? [version, previous] : [version]);
    const { blocks, writers } = await this.attributed(diff.blocks, owners);
    return { version: views[0]!, against, previous: views[1] ?? null, blocks, stats: diff.stats, writers };
  }

  // The diff's Yjs client ids as the people whose edits introduced them (DocumentClientOwner); ids
  // of a public link or of no recorded owner stay unattributed.
  private async attributed(blocks: readonly BlockChange[], owners: Map<number, string>): Promise<{ blocks: VersionDiffResponse['blocks']; writers: VersionAuthor[] }> {
    const userOf = (writer: number | undefined) => {
      const owner = writer === undefined ? undefined : owners.get(writer);
      return owner?.startsWith('user:') ? owner.slice('user:'.length) : undefined;
    };
    const seen = new Set<string>();
    const withAuthor = <T extends { writer?: number }>({ writer, ...rest }: T): Omit<T, 'writer'> & { authorId?: string } => {
      const authorId = userOf(writer);
      if (!authorId) return rest;
      seen.add(authorId);
      return { ...rest, authorId };
    };
    const out = blocks.map((b) => (b.op === 'changed' ? { ...b, inline: b.inline?.map(withAuthor) ?? null } : b.op === 'equal' ? b : withAuthor(b)));
    const users = await this.versions.users([...seen]);
    return { blocks: out as VersionDiffResponse['blocks'], writers: [...seen].flatMap((id) => (users.has(id) ? [users.get(id)!] : [])) };
  }

  async create(auth: AuthContext, pageId: string, name: string, client: ClientMeta): Promise<VersionView> {
    const access = await this.requireEditor(auth, pageId);
    const current = await this.current(pageId);
    const state = current.parts.length === 1 ? current.parts[0]! : Y.mergeUpdates(current.parts);
    const row = await this.versions.save({ pageId, kind: 'named', name, createdById: auth.user.id, state, pendingAuthorIds: current.pendingAuthorIds });
    await this.changed(pageId, access, auth, client, row.id, 'version.created', { name });
    return (await this.views([row]))[0]!;
  }

  async rename(auth: AuthContext, pageId: string, versionId: string, name: string, client: ClientMeta): Promise<VersionView> {
    const access = await this.requireEditor(auth, pageId);
    if (!(await this.versions.find(pageId, versionId))) throw ApiError.notFound('Version');
    const row = await this.versions.rename(versionId, name);
    await this.changed(pageId, access, auth, client, row.id, 'version.renamed', { name });
    return (await this.views([row]))[0]!;
  }

  // Restore = a forward edit: the update that turns the page as it is now into the version's
  // content, stored and broadcast through the gateway's edit path like anyone's typing, so every
  // open editor sees it at once and edits made meanwhile (or offline) merge with it. Restores of one
  // page run one at a time (a lock across instances), each starting from the page including the
  // previous restore, so two restores apply in order instead of both inserting the same blocks.
  async restore(auth: AuthContext, pageId: string, versionId: string, client: ClientMeta): Promise<RestoreVersionResponse> {
    const access = await this.requireEditor(auth, pageId);
    const version = await this.mustFindWithState(pageId, versionId);
    this.checkSize(version.size || version.state.byteLength, access.kind);
    const { beforeRestore, updateId } = await this.versions.withPageLock(pageId, async () => {
      const current = await this.current(pageId);
      // A database page's database is restored in the same edit, with the restorer as its editor.
      const by = { userId: auth.user.id, now: new Date().toISOString() };
      const result = await this.compute.run({ kind: 'restore', current: current.parts, version: [version.state], pageId, by });
      if ('invalid' in result) throw ApiError.conflict(`This version cannot be restored: ${result.invalid}`);
      this.checkSize(current.bytes + result.update.byteLength, access.kind);
      // The page as it was, saved first: the restore can itself be undone from the panel.
      const before = await this.versions.save({ pageId, kind: 'restore', name: null, createdById: auth.user.id, state: result.before, pendingAuthorIds: current.pendingAuthorIds });
      return { beforeRestore: before, updateId: hasChanges(result.update) ? await this.storeEdit(pageId, result.update, auth.user.id) : null };
    });
    await this.changed(pageId, access, auth, client, versionId, 'version.restored', { beforeRestoreId: beforeRestore.id });
    const [restored, before] = await this.views([version, beforeRestore]);
    return { restored: restored!, beforeRestore: before!, updateId };
  }

  private async storeEdit(pageId: string, update: Uint8Array, authorId: string): Promise<string> {
    try {
      return await this.gateway.applyServerEdit(pageId, update, authorId);
    } catch (err) {
      if (err instanceof CollabFailure) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, `The restore could not be stored right now: ${err.message}`);
      throw err;
    }
  }

  private checkSize(bytes: number, kind: PageKind): void {
    const max = maxDocumentBytes(this.config, kind);
    if (bytes > max) throw ApiError.payloadTooLarge(`Restoring this version would make the page larger than its size limit of ${max} bytes; nothing was changed.`);
  }

  private async current(pageId: string): Promise<CurrentDocument> {
    const row = await this.documents.find(pageId);
    const entries = await this.stream.readAfter(pageId, row?.persistedUpTo ?? '0-0', 1_000_000);
    const parts: Uint8Array[] = row ? [row.state] : [];
    const authors = new Set<string>();
    for (const entry of entries) {
      parts.push(entry.update);
      if (entry.authorId) authors.add(entry.authorId);
    }
    if (parts.length === 0) parts.push(Y.encodeStateAsUpdate(new Y.Doc()));
    return { parts, bytes: parts.reduce((sum, p) => sum + p.byteLength, 0), pendingAuthorIds: [...authors] };
  }

  private async requireEditor(auth: AuthContext, pageId: string): Promise<PageAccess> {
    const access = await this.access.requirePage(auth.principal, pageId, 'editor');
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
    return access;
  }

  private async mustFindWithState(pageId: string, versionId: string) {
    const version = await this.versions.findWithState(pageId, versionId);
    if (!version) throw ApiError.notFound('Version');
    return version;
  }

  // write → audit → publish: open history panels of the page refetch.
  private async changed(pageId: string, access: PageAccess, auth: AuthContext, client: ClientMeta, versionId: string, action: string, metadata: Record<string, string>): Promise<void> {
    await this.after.run({
      audit: { action, targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { versionId, ...metadata } },
      publish: [realtimeMessage(RealtimeChannel.PageVersionsChanged, { pageId, versionId })],
    });
  }

  private async views(rows: readonly VersionRow[]): Promise<VersionView[]> {
    const users = await this.versions.users(rows.flatMap((r) => [...r.authorIds, ...(r.createdById ? [r.createdById] : [])]));
    return rows.map((r) => ({
      id: r.id,
      pageId: r.pageId,
      kind: KIND_FROM_DB[r.kind],
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdById ? (users.get(r.createdById) ?? null) : null,
      authors: r.authorIds.flatMap((id) => {
        const user = users.get(id);
        return user ? [user] : [];
      }),
      size: r.size,
    }));
  }
}

// An update with no structs and no deletions changes nothing (the version equals the page).
function hasChanges(update: Uint8Array): boolean {
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}
