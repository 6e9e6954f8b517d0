import { Injectable } from '@nestjs/common';
import { canEditDocument, CollabErrorCode, type PageAccessRole, type PresenceEntry } from '@tandem/protocol';
import type { PageAccess } from '../access/access.service.js';
import type { Principal } from '../access/principal.js';
import { AppConfig } from '../config/env.js';
import type { AccessChange } from '../events/realtime-channels.js';
import { AwarenessClients, AwarenessRefusal } from './awareness-clients.js';
import { CollabFailure } from './collab-failure.js';
import { TokenBucket } from './token-bucket.js';

export interface PageMembership {
  role: PageAccessRole;
  canEdit: boolean;
  workspaceId: string;
  // The page and its ancestors: an access change on any of them re-checks this membership.
  scope: Set<string>;
  awareness: AwarenessClients;
}

export interface SocketSession {
  principal: Principal;
  presence: PresenceEntry;
  pages: Map<string, PageMembership>;
  workspaces: Set<string>;
  updates: TokenBucket;
  joins: TokenBucket;
}

// What each socket of this instance may do, decided in memory so the hot path never asks the
// database: role per joined page (set on join, re-checked when access changes), the update rate
// bucket, and the pages-per-socket limit.
@Injectable()
export class CollabSessions {
  private readonly sessions = new Map<string, SocketSession>();
  private readonly awarenessOwners = new Map<string, Map<number, string>>();

  constructor(private readonly config: AppConfig) {}

  open(socketId: string, principal: Principal): SocketSession {
    const session: SocketSession = {
      principal,
      presence: {
        socketId,
        kind: principal.kind,
        userId: principal.kind === 'user' ? principal.userId : null,
        name: principal.kind === 'user' ? principal.name : 'Guest',
      },
      pages: new Map(),
      workspaces: new Set(),
      updates: new TokenBucket(this.config.COLLAB_UPDATES_PER_SECOND, this.config.COLLAB_UPDATE_BURST),
      joins: new TokenBucket(this.config.COLLAB_JOINS_PER_SECOND, this.config.COLLAB_JOIN_BURST),
    };
    this.sessions.set(socketId, session);
    return session;
  }

  get(socketId: string): SocketSession | undefined {
    return this.sessions.get(socketId);
  }

  entries(): IterableIterator<[string, SocketSession]> {
    return this.sessions.entries();
  }

  close(socketId: string): void {
    this.sessions.delete(socketId);
  }

  checkCanJoin(session: SocketSession, pageId: string): void {
    if (!session.pages.has(pageId) && session.pages.size >= this.config.COLLAB_MAX_PAGES_PER_SOCKET) {
      throw new CollabFailure(CollabErrorCode.TooManyPages, `One connection may have at most ${this.config.COLLAB_MAX_PAGES_PER_SOCKET} pages open.`);
    }
    if (!session.joins.take()) throw new CollabFailure(CollabErrorCode.RateLimited, 'Too many joins; slow down.');
  }

  join(session: SocketSession, pageId: string, access: PageAccess): PageMembership {
    const existing = session.pages.get(pageId);
    if (existing) {
      this.updateRole(pageId, existing, access);
      return existing;
    }
    const membership: PageMembership = {
      role: access.role,
      canEdit: canEditDocument(access.role),
      workspaceId: access.workspaceId,
      scope: new Set([pageId, ...access.ancestorIds]),
      awareness: new AwarenessClients(),
    };
    session.pages.set(pageId, membership);
    return membership;
  }

  updateRole(pageId: string, membership: PageMembership, access: PageAccess): void {
    membership.role = access.role;
    membership.canEdit = canEditDocument(access.role);
    membership.scope = new Set([pageId, ...access.ancestorIds]);
  }

  leave(session: SocketSession, pageId: string): void {
    const owners = this.awarenessOwners.get(pageId);
    if (owners) {
      for (const [id, owner] of owners) if (owner === session.presence.socketId) owners.delete(id);
      if (owners.size === 0) this.awarenessOwners.delete(pageId);
    }
    session.pages.delete(pageId);
  }

  checkCanEdit(session: SocketSession, pageId: string): void {
    const membership = this.joined(session, pageId);
    if (!membership.canEdit) throw new CollabFailure(CollabErrorCode.Forbidden, 'You can view this page but not edit it.');
    if (!session.updates.take()) throw new CollabFailure(CollabErrorCode.RateLimited, 'Too many updates; slow down (they are kept and resent).');
  }

  // Returns the awareness update to relay (names and ids the server's, see AwarenessClients).
  checkAwareness(session: SocketSession, pageId: string, update: Uint8Array): Uint8Array {
    const membership = this.joined(session, pageId);
    if (update.byteLength > this.config.COLLAB_MAX_AWARENESS_BYTES) {
      throw new CollabFailure(CollabErrorCode.UpdateTooLarge, `An awareness update may be at most ${this.config.COLLAB_MAX_AWARENESS_BYTES} bytes.`);
    }
    if (!session.updates.take()) throw new CollabFailure(CollabErrorCode.RateLimited, 'Too many awareness updates; slow down.');
    const owners = this.awarenessOwners.get(pageId) ?? new Map<number, string>();
    const socketId = session.presence.socketId;
    let relayed: Uint8Array;
    try {
      relayed = membership.awareness.observe(update, {
        maxClients: this.config.COLLAB_MAX_AWARENESS_CLIENTS,
        takenByOther: (clientId) => (owners.get(clientId) ?? socketId) !== socketId,
        identity: { name: session.presence.name, userId: session.presence.userId },
      });
    } catch (err) {
      const kind = err instanceof AwarenessRefusal ? err.kind : 'malformed';
      const message = err instanceof Error ? err.message : 'The awareness update is malformed.';
      if (kind === 'taken') throw new CollabFailure(CollabErrorCode.Forbidden, message);
      if (kind === 'too_many' || kind === 'invalid_state') throw new CollabFailure(CollabErrorCode.ValidationFailed, message);
      throw new CollabFailure(CollabErrorCode.InvalidUpdate, 'The awareness update is malformed.');
    }
    this.syncAwarenessOwners(pageId, socketId, membership);
    return relayed;
  }

  // Which socket of this instance announced each awareness id in a page (one id, one socket).
  private syncAwarenessOwners(pageId: string, socketId: string, membership: PageMembership): void {
    const owners = this.awarenessOwners.get(pageId) ?? new Map<number, string>();
    for (const [id, owner] of owners) if (owner === socketId) owners.delete(id);
    for (const id of membership.awareness.ids()) owners.set(id, socketId);
    if (owners.size > 0) this.awarenessOwners.set(pageId, owners);
    else this.awarenessOwners.delete(pageId);
  }

  // Every (socket, page) membership an access change may have touched.
  *affectedBy(change: AccessChange): Generator<[string, SocketSession, string, PageMembership]> {
    const pageIds = new Set(change.pageIds ?? []);
    const userIds = new Set(change.userIds ?? []);
    for (const [socketId, session] of this.sessions) {
      const userHit = session.principal.kind === 'user' && userIds.has(session.principal.userId);
      for (const [pageId, membership] of session.pages) {
        const pageHit = [...membership.scope].some((id) => pageIds.has(id));
        if (userHit || pageHit || change.workspaceId === membership.workspaceId) yield [socketId, session, pageId, membership];
      }
    }
  }

  *watchersAffectedBy(change: AccessChange): Generator<[string, SocketSession, string]> {
    const userIds = new Set(change.userIds ?? []);
    for (const [socketId, session] of this.sessions) {
      const userHit = session.principal.kind === 'user' && userIds.has(session.principal.userId);
      for (const workspaceId of session.workspaces) {
        if (userHit || change.workspaceId === workspaceId) yield [socketId, session, workspaceId];
      }
    }
  }

  private joined(session: SocketSession, pageId: string): PageMembership {
    const membership = session.pages.get(pageId);
    if (!membership) throw new CollabFailure(CollabErrorCode.NotJoined, 'Join the page before sending to it.');
    return membership;
  }
}
