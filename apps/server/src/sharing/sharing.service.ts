import { Injectable } from '@nestjs/common';
import type { CreatedShareLink, PageKind, PageShareRole, PageSharesResponse, PageShareView, PendingShareView, SharedPageResponse, ShareLinksResponse } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import type { AuthContext, ClientMeta } from '../auth/auth-context.js';
import { hashSecret, newSecret } from '../access/tokens.js';
import { ApiError } from '../common/api-error.js';
import { AfterCommit } from '../events/after-commit.service.js';
import { accessChanged, treeChanged, type RealtimeMessage } from '../events/realtime-channels.js';
import type { PendingShare, ShareLink } from '../generated/prisma/client.js';
import { MailService } from '../mail/mail.service.js';
import { NotifyAccessService } from '../notifications/notify-access.service.js';
import { UserRepository } from '../users/user.repository.js';
import { ShareRepository, type ShareWithUser } from './share.repository.js';

const RANK: Record<PageShareRole, number> = { viewer: 1, commenter: 2, editor: 3 };

function toShareView(s: ShareWithUser): PageShareView {
  return { userId: s.userId, name: s.user.name, email: s.user.email, role: s.role, pageId: s.pageId, createdAt: s.createdAt.toISOString() };
}

function toPendingView(p: PendingShare): PendingShareView {
  return { id: p.id, email: p.email, role: p.role, pageId: p.pageId, createdAt: p.createdAt.toISOString(), pending: true };
}

function toLinkView(l: ShareLink) {
  return { id: l.id, pageId: l.pageId, role: l.role, createdAt: l.createdAt.toISOString() };
}

// Sharing a page with people and with public read-only links. Managing shares and links takes
// full_access on the page (owners and admins of its workspace).
@Injectable()
export class SharingService {
  constructor(
    private readonly shares: ShareRepository,
    private readonly users: UserRepository,
    private readonly access: AccessService,
    private readonly after: AfterCommit,
    private readonly mail: MailService,
    private readonly notify: NotifyAccessService,
  ) {}

  // Shares that apply to the page: set on it or inherited from an ancestor (pageId says where).
  async list(auth: AuthContext, pageId: string): Promise<PageSharesResponse> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    const [shares, pending] = await Promise.all([this.shares.sharesOn([pageId, ...access.ancestorIds]), this.shares.pendingOn(pageId)]);
    const depth = new Map([pageId, ...access.ancestorIds].map((id, i) => [id, i]));
    shares.sort((a, b) => depth.get(a.pageId)! - depth.get(b.pageId)!);
    return { shares: shares.map(toShareView), pending: pending.map(toPendingView) };
  }

  // A share binds to an account only once its owner has proven the address; until then it waits as
  // a pending share, and the answer is the same whether an account exists or not.
  async put(auth: AuthContext, pageId: string, email: string, role: PageShareRole, client: ClientMeta): Promise<PageShareView | PendingShareView> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
    const user = await this.users.findByEmail(email);
    const title = await this.shares.pageTitle(pageId);
    this.mail.pageShared(email, auth.user.name, title, `/w/${access.workspaceId}/p/${pageId}`);
    if (!user?.emailVerifiedAt) {
      const pending = await this.shares.upsertPending({ pageId, email, role, createdById: auth.user.id });
      await this.after.run({ audit: { action: 'share.pending', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { email, role } } });
      return toPendingView(pending);
    }
    const { share, previousRole, joinedAsGuest } = await this.shares.upsertShare({ workspaceId: access.workspaceId, pageId, userId: user.id, role, createdById: auth.user.id });
    const publish: RealtimeMessage[] = [];
    if (previousRole && RANK[role] < RANK[previousRole]) publish.push(accessChanged({ pageIds: [pageId], userIds: [user.id] }));
    if (joinedAsGuest || !previousRole) publish.push(treeChanged(access.workspaceId));
    await this.after.run({
      audit: {
        action: previousRole ? 'share.changed' : 'share.granted',
        targetType: 'page',
        targetId: pageId,
        workspaceId: access.workspaceId,
        actorId: auth.user.id,
        ip: client.ip,
        metadata: { userId: user.id, role, previousRole, joinedAsGuest },
      },
      publish,
    });
    // A new share is news in their inbox; a changed role is not.
    if (!previousRole) await this.notify.shared({ actorId: auth.user.id, pageId, userId: user.id });
    return toShareView(share);
  }

  async revoke(auth: AuthContext, pageId: string, userId: string, client: ClientMeta): Promise<void> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    if (!(await this.shares.deleteShare(pageId, userId))) throw ApiError.notFound('Share');
    await this.after.run({
      audit: { action: 'share.revoked', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { userId } },
      publish: [accessChanged({ pageIds: [pageId], userIds: [userId] })],
    });
  }

  async revokePending(auth: AuthContext, pageId: string, pendingId: string, client: ClientMeta): Promise<void> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    if (!(await this.shares.deletePending(pageId, pendingId))) throw ApiError.notFound('Pending share');
    await this.after.run({ audit: { action: 'share.pending_revoked', targetType: 'page', targetId: pageId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { pendingId } } });
  }

  async links(auth: AuthContext, pageId: string): Promise<ShareLinksResponse> {
    await this.access.requirePage(auth.principal, pageId, 'full_access');
    return { links: (await this.shares.activeLinks(pageId)).map(toLinkView) };
  }

  async createLink(auth: AuthContext, pageId: string, role: PageShareRole, client: ClientMeta): Promise<CreatedShareLink> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    if (access.trashed) throw ApiError.conflict('That page is in the trash. Restore it first.');
    const token = newSecret();
    const link = await this.shares.createLink({ pageId, tokenHash: hashSecret(token), role, createdById: auth.user.id });
    await this.after.run({ audit: { action: 'link.created', targetType: 'share_link', targetId: link.id, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { pageId } } });
    return { ...toLinkView(link), token };
  }

  async revokeLink(auth: AuthContext, pageId: string, linkId: string, client: ClientMeta): Promise<void> {
    const access = await this.access.requirePage(auth.principal, pageId, 'full_access');
    if (!(await this.shares.revokeLink(pageId, linkId))) throw ApiError.notFound('Share link');
    await this.after.run({
      audit: { action: 'link.revoked', targetType: 'share_link', targetId: linkId, workspaceId: access.workspaceId, actorId: auth.user.id, ip: client.ip, metadata: { pageId } },
      publish: [accessChanged({ pageIds: [pageId] })],
    });
  }

  // What a public link opens, for anyone holding its token; unknown, revoked or trashed: 404.
  async sharedPage(token: string): Promise<SharedPageResponse> {
    const link = await this.shares.findActiveLinkWithPage(hashSecret(token));
    if (!link || link.page.deletedAt) throw ApiError.notFound('Shared page');
    const { page } = link;
    const commentsVisible = await this.shares.commentsOnPublicLinks(page.workspaceId);
    const { id, workspaceId, title, icon, fullWidth, smallText, cover, coverPosition, kind } = page;
    return { page: { id, workspaceId, title, icon, fullWidth, smallText, cover, coverPosition, kind: kind as PageKind }, role: 'viewer', commentsVisible };
  }
}
