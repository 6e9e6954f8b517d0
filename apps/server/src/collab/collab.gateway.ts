import { accessKey, principalKey, type Principal } from '../access/principal.js';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import {
  AwarenessPayload,
  ClientEvent,
  CollabErrorCode,
  type CollabError,
  JoinPayload,
  type JoinAck,
  LeavePayload,
  type PresenceEntry,
  ServerEvent,
  UpdatePayload,
  type UpdateAck,
  WatchWorkspacePayload,
  type SavedEvent,
} from '@tandem/protocol';
import type { Server, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import { AccessService, type PageAccess } from '../access/access.service.js';
import { AuthService } from '../auth/auth.service.js';
import { AppConfig } from '../config/env.js';
import { RealtimeChannel, type AccessChange } from '../events/realtime-channels.js';
import { RealtimeEventsRepository } from '../events/realtime-events.repository.js';
import { RedisEpochService } from '../infra/redis-epoch.service.js';
import { pageTag } from '../infra/redis.service.js';
import { CollabMetrics, secondsSince } from '../metrics/collab.metrics.js';
import { Attr, inHotPathSpan, inSpan, tracingEnabled, UPDATE_SPAN } from '../tracing/tracing.js';
import { BacklogQuota } from './backlog-quota.js';
import { CollabSessions, type SocketSession } from './collab-sessions.js';
import { CollabFailure } from './collab-failure.js';
import { DocumentSyncService } from './document-sync.service.js';
import { maxDocumentBytes } from '../documents/document-limit.js';
import { RedisHealService } from './redis-heal.service.js';
import { SessionRecheckService } from './session-recheck.service.js';

type Ack<T> = (response: T) => void;

// A page's room is its key hash tag, `{page:<id>}`: on a cluster the room's sharded channel then
// shares the slot (the shard) of the page's stream.
const pageRoom = (pageId: string) => pageTag(pageId);
const PAGE_ROOM = /^\{page:(.+)\}$/;
// Buffers travel as msgpack bin (exactly their bytes); a zero-copy view of any Uint8Array.
const wire = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const workspaceRoom = (workspaceId: string) => `workspace:${workspaceId}`;
// Every socket of a signed-in person, for their inbox's news (a link's sockets have no inbox).
const userRoom = (userId: string) => `user:${userId}`;

// The Socket.IO boundary of real-time editing. Rules (limits, roles, documents) live in
// CollabSessions and DocumentSyncService; this class validates payloads, moves bytes between
// sockets and rooms, and answers acks. Listeners are attached directly to each socket (not through
// Nest's per-message pipeline) because doc:update is the hottest path in the system.
@WebSocketGateway()
export class CollabGateway implements OnGatewayInit, OnGatewayConnection, OnApplicationBootstrap {
  private readonly logger = new Logger(CollabGateway.name);
  @WebSocketServer() private server!: Server;

  constructor(
    private readonly auth: AuthService,
    private readonly access: AccessService,
    private readonly sessions: CollabSessions,
    private readonly sync: DocumentSyncService,
    private readonly events: RealtimeEventsRepository,
    private readonly config: AppConfig,
    private readonly epoch: RedisEpochService,
    private readonly heal: RedisHealService,
    private readonly recheck: SessionRecheckService,
    private readonly backlog: BacklogQuota,
    private readonly metrics: CollabMetrics,
  ) {}

  afterInit(server: Server): void {
    this.metrics.track({ sockets: () => server.sockets.sockets.size, pages: () => this.sync.openPages() });
    // Authenticate on the handshake: a socket without a valid token never connects.
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string') return next(this.connectError(CollabErrorCode.Unauthenticated, 'A socket token is required (POST /auth/socket-token).'));
      this.auth.verifySocketToken(token).then(
        (principal) => {
          if (!principal) return next(this.connectError(CollabErrorCode.Unauthenticated, 'The socket token is invalid, expired or already used.'));
          // The session itself is opened in handleConnection: a client gone before the check
          // finished never connects, and must leave nothing behind.
          socket.data = { principal };
          next();
        },
        (err: unknown) => {
          this.logger.error(`Socket authentication failed: ${(err as Error).message}`);
          next(this.connectError(CollabErrorCode.ServiceUnavailable, 'Could not check the socket token; retrying.'));
        },
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.events.subscribe({
      [RealtimeChannel.AccessChanged]: (change) => void this.onAccessChanged(change),
      [RealtimeChannel.WorkspaceTreeChanged]: ({ workspaceId }) => this.server.local.to(workspaceRoom(workspaceId)).emit(ServerEvent.WorkspaceChanged, { workspaceId }),
      [RealtimeChannel.PageResync]: ({ pageId }) => this.resync([pageId]),
      [RealtimeChannel.PageVersionsChanged]: (event) => this.server.local.to(pageRoom(event.pageId)).emit(ServerEvent.VersionsChanged, event),
      [RealtimeChannel.PageCommentsChanged]: (event) => this.server.local.to(pageRoom(event.pageId)).emit(ServerEvent.CommentsChanged, event),
      [RealtimeChannel.InboxChanged]: ({ userIds }) => {
        if (userIds.length > 0) this.server.local.to(userIds.map(userRoom)).emit(ServerEvent.InboxChanged, {});
      },
      [RealtimeChannel.PageSaved]: (event: SavedEvent) => {
        // Unverified (Redis just came back): the check may yet find lost updates this event would
        // vouch for. Dropping it is safe: the next one, or the next handshake, reports the same.
        if (!this.epoch.verified) return;
        this.backlog.saved(event.pageId, event.upTo);
        this.sync.noteSaved(event.pageId, event.upTo);
        this.server.local.to(pageRoom(event.pageId)).emit(ServerEvent.Saved, event);
      },
    });
    // Runs after every reconnect to Redis, before held acks, handshakes and "saved" go out.
    this.epoch.onContinuity(async (report) => {
      const lost = await this.heal.lostPages(report, () => this.openPageIds());
      if (lost === 'all' || lost.length > 0) this.resync(lost);
      // Access changes published while the subscriber was away were lost.
      void this.recheck.now();
    });
    this.recheck.start({ sessionEnded: (socketId) => this.endSession(socketId), recheck: (change) => this.onAccessChanged(change, false) });
  }

  // The socket's session expired or was revoked (logout, password change): it loses every page,
  // is told why, and is disconnected (the client must sign in again for a new token).
  private endSession(socketId: string): void {
    const socket = this.server.sockets.sockets.get(socketId);
    const session = this.sessions.get(socketId);
    if (!socket || !session) return;
    for (const pageId of [...session.pages.keys()]) {
      this.removeFromPage(socket, session, pageId);
      socket.emit(ServerEvent.Access, { pageId, role: null, canEdit: false });
    }
    socket.emit(ServerEvent.Error, { code: CollabErrorCode.Unauthenticated, message: 'Your session has ended; sign in again.' });
    socket.disconnect(true);
  }

  // Redis lost updates of these pages that their clients were told are stored: forget what this
  // instance cached, and make every joined client re-run the handshake (it re-sends what the server
  // lacks, and shows "saved" only once that is persisted). Invariant 9.
  private resync(pageIds: readonly string[] | 'all'): void {
    this.sync.dropCaches(pageIds);
    this.backlog.forget(pageIds);
    const ids = pageIds === 'all' ? this.openPageIds() : pageIds;
    for (const pageId of ids) this.server.local.to(pageRoom(pageId)).emit(ServerEvent.Resync, { pageId });
  }

  // The pages some socket of this instance has joined (their rooms).
  private openPageIds(): string[] {
    const ids: string[] = [];
    for (const room of this.server.of('/').adapter.rooms.keys()) {
      const id = PAGE_ROOM.exec(room)?.[1];
      if (id) ids.push(id);
    }
    return ids;
  }

  handleConnection(socket: Socket): void {
    const principal = (socket.data as { principal?: Principal } | undefined)?.principal;
    if (!principal || socket.disconnected) {
      socket.disconnect(true);
      return;
    }
    const session = this.sessions.open(socket.id, principal);
    socket.data = { presence: session.presence, unlisted: [] } satisfies SocketData;
    if (principal.kind === 'user') void socket.join(userRoom(principal.userId));
    socket.on(ClientEvent.Update, (payload: unknown, ack: unknown) => void this.onUpdate(socket, session, payload, toAck(ack)));
    socket.on(ClientEvent.Awareness, (payload: unknown) => this.onAwareness(socket, session, payload));
    socket.on(ClientEvent.Join, (payload: unknown, ack: unknown) => void this.onJoin(socket, session, payload, toAck(ack)));
    socket.on(ClientEvent.Leave, (payload: unknown, ack: unknown) => this.onLeave(socket, session, payload, toAck(ack)));
    socket.on(ClientEvent.WatchWorkspace, (payload: unknown, ack: unknown) => void this.onWatch(socket, session, payload, toAck(ack)));
    socket.on(ClientEvent.UnwatchWorkspace, (payload: unknown, ack: unknown) => this.onUnwatch(socket, session, payload, toAck(ack)));
    // 'disconnecting' still has the rooms, so the others can be told at once.
    socket.on('disconnecting', () => {
      for (const pageId of [...session.pages.keys()]) this.removeFromPage(socket, session, pageId);
      this.sessions.close(socket.id);
    });
  }

  // Handshake step 1 -> step 2 (JoinAck). Re-joining a joined page just re-runs the handshake,
  // which is how a client that noticed a gap resynchronizes.
  private async onJoin(socket: Socket, session: SocketSession, payload: unknown, ack: Ack<JoinAck>): Promise<void> {
    const started = performance.now();
    const input = parse(JoinPayload, payload);
    if (!input.ok) return this.refuse(ack, input.error);
    const { pageId } = input.data;
    // A span per join (page id, handshake size) when tracing is on; its Postgres and Redis calls nest in it.
    if (tracingEnabled()) return inSpan('collab.join', { [Attr.PageId]: pageId }, (span) => this.join(socket, session, input.data, ack, started, span.set));
    return this.join(socket, session, input.data, ack, started);
  }

  private async join(socket: Socket, session: SocketSession, input: JoinPayload, ack: Ack<JoinAck>, started: number, traced?: (a: Record<string, string | number>) => void): Promise<void> {
    const { pageId, stateVector } = input;
    const listed = input.listed !== false;
    const wasJoined = session.pages.has(pageId);
    const wasListed = wasJoined && isListed(socket, pageId);
    let entered = false;
    let joined = false;
    try {
      this.sessions.checkCanJoin(session, pageId);
      const pageAccess = await this.access.pageAccess(session.principal, pageId);
      if (!pageAccess) throw new CollabFailure(CollabErrorCode.NotFound, 'That page was not found.');
      if (!socket.connected) return;
      const membership = this.sessions.join(session, pageId, pageAccess);
      entered = true;
      // Join the room before reading the document: an update broadcast from now on reaches this
      // socket, and one stored before the read is in the handshake. Listed or not before that:
      // another join's presence read may see it at once.
      setListed(socket, pageId, listed);
      await socket.join(pageRoom(pageId));
      if (!wasJoined) this.sync.enter(pageId, maxDocumentBytes(this.config, pageAccess.kind));
      // Just after Redis came back: answer from data the epoch check has vouched for.
      if (!this.epoch.verified) await this.epoch.whenVerified();
      const handshake = await this.sync.handshake(pageId, stateVector);
      this.backlog.saved(pageId, handshake.savedUpTo);
      const presence = wasJoined ? [] : await this.presence(pageId);
      // Announced when it becomes one of the people on the page, and gone when it stops being one
      // (a re-join can change `listed`: a related database the person then opens).
      if (listed && !wasListed) socket.to(pageRoom(pageId)).emit(ServerEvent.Presence, { pageId, joined: session.presence });
      if (!listed && wasListed) socket.to(pageRoom(pageId)).emit(ServerEvent.Presence, { pageId, left: socket.id });
      joined = true;
      this.metrics.joinSeconds.observe(secondsSince(started));
      traced?.({ [Attr.HandshakeBytes]: handshake.update.byteLength });
      ack({ ok: true, update: wire(handshake.update), stateVector: wire(handshake.stateVector), savedUpTo: handshake.savedUpTo, upTo: handshake.upTo, role: membership.role, canEdit: membership.canEdit, presence, maxUpdateBytes: this.config.COLLAB_MAX_UPDATE_BYTES });
    } catch (err) {
      // A first join that failed half-way (e.g. Postgres away) leaves no trace, so the client's
      // retry is a first join again (and announces it).
      if (wasJoined && !joined) setListed(socket, pageId, wasListed);
      if (entered && !joined && !wasJoined) {
        setListed(socket, pageId, true);
        this.sessions.leave(session, pageId);
        this.sync.exit(pageId);
        void socket.leave(pageRoom(pageId));
      }
      const error = this.toError(err, pageId);
      traced?.({ [Attr.ErrorCode]: error.code });
      ack({ ok: false, error });
    }
  }

  private onLeave(socket: Socket, session: SocketSession, payload: unknown, ack: Ack<{ ok: true } | { ok: false; error: CollabError }>): void {
    const input = parse(LeavePayload, payload);
    if (!input.ok) return ack({ ok: false, error: input.error });
    this.removeFromPage(socket, session, input.data.pageId);
    ack({ ok: true });
  }

  // The hot path: check -> broadcast -> XADD -> ack -> schedule persist (in memory).
  private async onUpdate(socket: Socket, session: SocketSession, payload: unknown, ack: Ack<UpdateAck>): Promise<void> {
    const started = performance.now();
    const input = parse(UpdatePayload, payload);
    if (!input.ok) return this.refuse(ack, input.error);
    const { pageId, update } = input.data;
    this.metrics.updateReceived(update.byteLength);
    // A span for a sampled share of the updates when tracing is on (the others run untraced): the
    // persist job it queues carries its context.
    if (tracingEnabled()) return inHotPathSpan(UPDATE_SPAN, { [Attr.PageId]: pageId, [Attr.UpdateBytes]: update.byteLength }, (span) => this.update(socket, session, pageId, update, ack, started, span.set));
    return this.update(socket, session, pageId, update, ack, started);
  }

  private async update(socket: Socket, session: SocketSession, pageId: string, update: Uint8Array, ack: Ack<UpdateAck>, started: number, traced?: (a: Record<string, string>) => void): Promise<void> {
    try {
      this.sessions.checkCanEdit(session, pageId);
      // Usually passes at once; waits only for a client id new on the page or an apparent gap.
      const admission = this.sync.admit(pageId, principalKey(session.principal), update);
      if (admission) {
        await admission;
        // Access may have changed while it waited.
        const membership = session.pages.get(pageId);
        if (!membership) throw new CollabFailure(CollabErrorCode.NotJoined, 'Join the page before sending to it.');
        if (!membership.canEdit) throw new CollabFailure(CollabErrorCode.Forbidden, 'You can view this page but not edit it.');
      }
      const principal = session.principal;
      const id = await this.store(pageId, update, principal.kind === 'user' ? principal.userId : undefined, socket);
      this.metrics.ackSeconds.observe(secondsSince(started));
      ack({ ok: true, id });
    } catch (err) {
      const error = this.toError(err, pageId);
      traced?.({ [Attr.ErrorCode]: error.code });
      ack({ ok: false, error });
    }
  }

  // An edit the server itself makes on behalf of a user (a version restore, checked by its REST
  // handler): the same broadcast -> XADD -> persist path as a socket's update, sent to every socket
  // in the page (on every instance, through the adapter). Resolves with its stream id. Where the
  // page is open on this instance its gap and owner checks learn the edit's client id now; on other
  // instances the stream read an apparent gap triggers finds it.
  async applyServerEdit(pageId: string, update: Uint8Array, authorId: string): Promise<string> {
    try {
      const admission = this.sync.admit(pageId, `server:${authorId}`, update);
      if (admission) await admission;
    } catch (err) {
      if (!(err instanceof CollabFailure && err.code === CollabErrorCode.NotJoined)) throw err;
    }
    return this.store(pageId, update, authorId, null);
  }

  private async store(pageId: string, update: Uint8Array, authorId: string | undefined, from: Socket | null): Promise<string> {
    this.backlog.reserve(pageId, update.byteLength);
    let reserved = true;
    try {
      (from ? from.to(pageRoom(pageId)) : this.server.to(pageRoom(pageId))).emit(ServerEvent.Update, { pageId, update: wire(update) });
      const id = await this.sync.append(pageId, update, authorId);
      this.heal.noteAcked(pageId, id);
      this.backlog.added(pageId, id, update.byteLength);
      reserved = false;
      // Redis just came back and is not checked yet: an ack now could be for data it lost.
      if (!this.epoch.verified) await this.epoch.whenVerified();
      return id;
    } finally {
      if (reserved) this.backlog.released(pageId, update.byteLength);
    }
  }

  // Relayed, never stored, bounded and with the server's names (invariant 8). Viewers may show their caret too.
  private onAwareness(socket: Socket, session: SocketSession, payload: unknown): void {
    const input = parse(AwarenessPayload, payload);
    if (!input.ok) return void socket.emit(ServerEvent.Error, input.error);
    const { pageId, update } = input.data;
    try {
      const relayed = this.sessions.checkAwareness(session, pageId, update);
      socket.to(pageRoom(pageId)).emit(ServerEvent.Awareness, { pageId, update: wire(relayed) });
    } catch (err) {
      socket.emit(ServerEvent.Error, this.toError(err, pageId));
    }
  }

  private async onWatch(socket: Socket, session: SocketSession, payload: unknown, ack: Ack<{ ok: true } | { ok: false; error: CollabError }>): Promise<void> {
    const input = parse(WatchWorkspacePayload, payload);
    if (!input.ok) return ack({ ok: false, error: input.error });
    const { workspaceId } = input.data;
    try {
      const principal = session.principal;
      const role = principal.kind === 'user' ? await this.access.workspaceRole(principal.userId, workspaceId) : null;
      if (!role) throw new CollabFailure(CollabErrorCode.NotFound, 'That workspace was not found.');
      session.workspaces.add(workspaceId);
      await socket.join(workspaceRoom(workspaceId));
      ack({ ok: true });
    } catch (err) {
      ack({ ok: false, error: this.toError(err) });
    }
  }

  private onUnwatch(socket: Socket, session: SocketSession, payload: unknown, ack: Ack<{ ok: true } | { ok: false; error: CollabError }>): void {
    const input = parse(WatchWorkspacePayload, payload);
    if (!input.ok) return ack({ ok: false, error: input.error });
    session.workspaces.delete(input.data.workspaceId);
    void socket.leave(workspaceRoom(input.data.workspaceId));
    ack({ ok: true });
  }

  private removeFromPage(socket: Socket, session: SocketSession, pageId: string): void {
    const membership = session.pages.get(pageId);
    if (!membership) return;
    this.sessions.leave(session, pageId);
    this.sync.exit(pageId);
    if (!this.sync.isOpen(pageId)) {
      this.heal.forget(pageId);
      this.backlog.forget([pageId]);
    }
    const room = pageRoom(pageId);
    const removal = membership.awareness.removalUpdate();
    if (removal) socket.to(room).emit(ServerEvent.Awareness, { pageId, update: wire(removal) });
    if (isListed(socket, pageId)) socket.to(room).emit(ServerEvent.Presence, { pageId, left: socket.id });
    setListed(socket, pageId, true);
    void socket.leave(room);
  }

  // Someone's access may have shrunk: re-check every affected socket of this instance now.
  // `failClosed`: a published change means access did shrink somewhere, so a re-check that cannot
  // get an answer stops the socket's editing. The periodic re-check has no such news: during a
  // Postgres outage it must not stop everyone's editing, so it leaves a membership as it was.
  private async onAccessChanged(change: AccessChange, failClosed = true): Promise<void> {
    // A user's access changed: their session may be the thing that ended (logout, password change).
    if (change.userIds?.length) for (const socketId of await this.recheck.endedSessions(change.userIds).catch(() => [])) this.endSession(socketId);
    // Access depends only on who asks and which page: one batched check per principal for all its
    // affected pages (pageAccessMany: a fixed number of queries), however many sockets and pages.
    const affected = [...this.sessions.affectedBy(change)];
    const wanted = new Map<string, { principal: Principal; pageIds: Set<string> }>();
    for (const [, session, pageId] of affected) {
      const key = accessKey(session.principal);
      const entry = wanted.get(key) ?? { principal: session.principal, pageIds: new Set<string>() };
      entry.pageIds.add(pageId);
      wanted.set(key, entry);
    }
    const answers = new Map<string, Promise<Map<string, PageAccess | null>>>();
    for (const [key, { principal, pageIds }] of wanted) {
      const answer = this.access.pageAccessMany(principal, [...pageIds]);
      // Awaited below per membership; a principal whose sockets all left meanwhile is never awaited.
      answer.catch(() => undefined);
      answers.set(key, answer);
    }
    for (const [socketId, session, pageId, membership] of affected) {
      const socket = this.server.sockets.sockets.get(socketId);
      if (!socket) continue;
      try {
        const pageAccess = (await answers.get(accessKey(session.principal))!).get(pageId) ?? null;
        if (!session.pages.has(pageId)) continue;
        if (!pageAccess) {
          this.removeFromPage(socket, session, pageId);
          socket.emit(ServerEvent.Access, { pageId, role: null, canEdit: false });
          continue;
        }
        const before = membership.role;
        this.sessions.updateRole(pageId, membership, pageAccess);
        if (before !== membership.role) socket.emit(ServerEvent.Access, { pageId, role: membership.role, canEdit: membership.canEdit });
      } catch (err) {
        // Fail closed: without an answer, the socket may no longer edit this page.
        if (failClosed) membership.canEdit = false;
        this.logger.error(`Access re-check of page ${pageId} failed: ${(err as Error).message}`);
      }
    }
    for (const [socketId, session, workspaceId] of this.sessions.watchersAffectedBy(change)) {
      const socket = this.server.sockets.sockets.get(socketId);
      const principal = session.principal;
      if (!socket || principal.kind !== 'user') continue;
      const role = await this.access.workspaceRole(principal.userId, workspaceId).catch(() => null);
      if (!role) {
        session.workspaces.delete(workspaceId);
        void socket.leave(workspaceRoom(workspaceId));
      }
    }
  }

  // Who is in the page across every server instance (through the Redis adapter).
  private async presence(pageId: string): Promise<PresenceEntry[]> {
    const sockets = await this.server.in(pageRoom(pageId)).fetchSockets();
    return sockets.flatMap((s) => {
      const data = s.data as Partial<SocketData>;
      return data.presence && !data.unlisted?.includes(pageId) ? [data.presence] : [];
    });
  }

  private refuse(ack: Ack<{ ok: false; error: CollabError }>, error: CollabError): void {
    this.metrics.refused(error.code);
    ack({ ok: false, error });
  }

  // Every refusal but an invalid payload's (refuse()) is built here, so it is counted here.
  private toError(err: unknown, pageId?: string): CollabError {
    if (err instanceof CollabFailure) {
      this.metrics.refused(err.code);
      return { code: err.code, message: err.message, pageId };
    }
    this.metrics.refused(CollabErrorCode.Internal);
    this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { code: CollabErrorCode.Internal, message: 'Something went wrong on our side.', pageId };
  }

  private connectError(code: CollabErrorCode, message: string): Error {
    this.metrics.refused(code);
    return Object.assign(new Error(message), { data: { code, message } });
  }
}

function toAck<T>(ack: unknown): Ack<T> {
  // A client that sent no callback gets no answer (and no crash).
  return typeof ack === 'function' ? (ack as Ack<T>) : () => undefined;
}

function parse<T>(schema: ZodType<T>, payload: unknown): { ok: true; data: T } | { ok: false; error: CollabError } {
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, data: result.data };
  const message = result.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ');
  return { ok: false, error: { code: CollabErrorCode.ValidationFailed, message: `Invalid payload: ${message}` } };
}

// What other instances read of a socket (fetchSockets): its presence entry, and the pages it syncs
// without being listed on them (an array: socket data crosses the Redis adapter as plain data).
interface SocketData {
  presence: PresenceEntry;
  unlisted: string[];
}

function isListed(socket: Socket, pageId: string): boolean {
  return !(socket.data as SocketData).unlisted.includes(pageId);
}

function setListed(socket: Socket, pageId: string, listed: boolean): void {
  const data = socket.data as SocketData;
  const others = data.unlisted.filter((id) => id !== pageId);
  data.unlisted = listed ? others : [...others, pageId];
}
