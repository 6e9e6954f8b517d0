import {
  COLLAB_DEFAULT_LIMITS,
  CollabErrorCode,
  isRetryable,
  type AccessEvent,
  type CollabError,
  type CollabRole,
  type JoinAck,
  type PresenceEntry,
  type PresenceEvent,
  type UpdateAck,
  streamIdAtLeast,
} from '@tandem/protocol';
import { ObservableV2 } from 'lib0/observable';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Backoff } from './backoff.js';
import { CollabConnection, type ConnectionStatus, type PageChannel, type TokenSource, toBytes } from './connection.js';
import { splitUpdate } from './split-update.js';

export type ProviderStatus = ConnectionStatus;

export interface CollabProviderOptions {
  pageId: string;
  doc: Y.Doc;
  // Either share a connection with other pages...
  connection?: CollabConnection;
  // ...or give a server URL and token and the provider opens (and owns) its own.
  url?: string;
  token?: TokenSource;
  // Carets, selections, names. Pass one to share it; pass null for none (a bot, a headless reader).
  awareness?: awarenessProtocol.Awareness | null;
  // Connect at once (default true).
  connect?: boolean;
  // One of the people on the page (default true). False syncs the page without showing this
  // client in its presence (a database loaded only for a relation's titles); see setListed.
  listed?: boolean;
  // First wait before re-running the handshake after a refusal that may pass (rate limit, outage);
  // it doubles on each further refusal, up to 15 s. Default 1 s.
  retryDelayMs?: number;
  // Local updates made while one of ours is unacknowledged are held and sent as one merged update
  // when the ack comes, or after this many ms, or once they pass holdBytes. Default 50 ms.
  holdMs?: number;
  // Default 64 KiB (never above the server's update size limit).
  holdBytes?: number;
}

export interface ProviderEvents {
  status: (status: ProviderStatus) => void;
  // Handshake done: the doc has everything the server had when we (re)joined.
  synced: (synced: boolean) => void;
  // How many local updates the server has not acknowledged (kept locally until it does).
  pending: (count: number) => void;
  // Every local change the server acknowledged is in Postgres.
  saved: (saved: boolean) => void;
  presence: (people: PresenceEntry[]) => void;
  role: (role: CollabRole | null, canEdit: boolean) => void;
  error: (error: CollabError) => void;
}


// A Yjs provider for one page over a (possibly shared) Socket.IO connection. It never seeds
// content: the document comes from the server through the state-vector handshake, re-run on every
// reconnect, so anything the server missed is simply sent again (re-applying is a no-op).
export class CollabProvider extends ObservableV2<ProviderEvents> {
  readonly pageId: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness | null;
  readonly connection: CollabConnection;
  status: ProviderStatus = 'disconnected';
  synced = false;
  saved = true;
  role: CollabRole | null = null;
  canEdit = false;
  presence: PresenceEntry[] = [];

  private readonly ownsConnection: boolean;
  private readonly ownsAwareness: boolean;
  private active = false;
  private joining = false;
  private listed: boolean;
  // setListed() during a join: that join's answer may carry the old listing, so join again.
  private relist = false;
  // Local updates are numbered; an ack for number n covers n (the handshake's answer covers all
  // earlier ones), so pending = localSeq - ackedSeq.
  private localSeq = 0;
  private ackedSeq = 0;
  // Lowest local update the server refused that no handshake answer has covered yet (0: none).
  // Acks of later updates do not cover it, so pending cannot count it down.
  private refusedSeq = 0;
  private lastAckedId = '0-0';
  private savedUpTo = '0-0';
  // The server lost updates it had acknowledged (a `doc:resync`): "saved" stays false until a
  // handshake after it has run and its answer is acknowledged (healSeq: the answer's seq).
  private healing = false;
  private healRequested = false;
  private healSeq = 0;
  // The server's update size limit (from the handshake): bigger updates go in pieces.
  private maxUpdateBytes: number = COLLAB_DEFAULT_LIMITS.maxUpdateBytes;
  // Re-handshakes after a refusal that may pass, backing off while the server keeps refusing.
  private readonly resync: Backoff;
  // Coalescing: a fast typist or a bot makes hundreds of tiny updates a second; each would be a
  // message, a stream entry and a worker read. While an update of ours is unacknowledged
  // (`inFlight` sends on this connection), later ones are held and go as one: the first keystroke
  // still goes at once. Held updates are in the doc and counted pending (localSeq); a handshake
  // answer covers them, so a (re)join drops them rather than sending them twice.
  private inFlight = 0;
  // Sends of an earlier connection never get their ack (Socket.IO drops them on a disconnect).
  private sendEpoch = 0;
  private held: Uint8Array[] = [];
  // Groups of held updates merged already: Y.mergeUpdates costs more per update the more updates
  // it merges at once (it re-sorts every input per struct), so they are merged HELD_GROUP at a time.
  private heldGroups: Uint8Array[] = [];
  private heldBytes = 0;
  // Local seq of the first held update (0: none held); the last one's is localSeq.
  private heldFirstSeq = 0;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly holdMs: number;
  private readonly holdBytes: number;

  constructor(options: CollabProviderOptions) {
    super();
    this.pageId = options.pageId;
    this.doc = options.doc;
    this.resync = new Backoff(options.retryDelayMs);
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.holdBytes = options.holdBytes ?? DEFAULT_HOLD_BYTES;
    this.listed = options.listed ?? true;
    this.ownsAwareness = options.awareness === undefined;
    this.awareness = options.awareness === undefined ? new awarenessProtocol.Awareness(options.doc) : options.awareness;
    if (options.connection) {
      this.connection = options.connection;
      this.ownsConnection = false;
    } else {
      if (!options.url || options.token === undefined) throw new Error('CollabProvider needs either a connection or a url and a token.');
      this.connection = new CollabConnection({ url: options.url, token: options.token, connect: false });
      this.ownsConnection = true;
    }
    this.doc.on('update', this.handleDocUpdate);
    this.awareness?.on('update', this.handleAwarenessUpdate);
    browserWindow()?.addEventListener('pagehide', this.handlePageHide);
    if (options.connect !== false) this.connect();
  }

  get pending(): number {
    return this.localSeq - this.ackedSeq;
  }

  connect(): void {
    if (this.active) return;
    this.active = true;
    this.connection.attach(this.pageId, this.channel);
    if (this.connection.connected) this.channel.onConnect();
    else {
      this.setStatus('connecting');
      this.connection.connect();
    }
  }

  // Start or stop being one of the people on the page. Takes a re-join (the handshake is the one
  // message that carries it; re-applying its answer is a no-op).
  setListed(listed: boolean): void {
    if (listed === this.listed) return;
    this.listed = listed;
    if (this.joining) this.relist = true;
    else if (this.active && this.connection.connected) this.join();
  }

  disconnect(): void {
    if (!this.active) return;
    // Held updates go before the leave (one socket's events are handled in order): after a destroy
    // nothing would send them. If the socket is down they wait in the doc for the next handshake.
    this.flushHeld();
    // An own connection's acks are lost with its socket: the next join starts counting afresh.
    this.sendEpoch += 1;
    this.inFlight = 0;
    this.active = false;
    this.connection.leave(this.pageId);
    this.connection.detach(this.pageId);
    if (this.ownsConnection) this.connection.disconnect();
    this.dropRemoteAwareness();
    this.setSynced(false);
    this.setStatus('disconnected');
  }

  // Removes every listener and timer this provider added (and closes its own connection).
  override destroy(): void {
    this.disconnect();
    this.dropHeld();
    this.resync.cancel();
    this.doc.off('update', this.handleDocUpdate);
    this.awareness?.off('update', this.handleAwarenessUpdate);
    browserWindow()?.removeEventListener('pagehide', this.handlePageHide);
    if (this.ownsConnection) this.connection.destroy();
    if (this.ownsAwareness) this.awareness?.destroy();
    super.destroy();
  }

  // Handshake: send our state vector, apply what we lack, answer with what the server lacks.
  private join(): void {
    if (!this.active || !this.connection.connected || this.joining) return;
    this.joining = true;
    const heals = this.healRequested;
    this.healRequested = false;
    this.relist = false;
    this.connection.join(this.pageId, Y.encodeStateVector(this.doc), this.listed, (ack: JoinAck) => {
      this.joining = false;
      if (!this.active) return;
      // A resync that came while this join was under way: its answer may predate the loss.
      if (this.healRequested) return this.join();
      if (this.relist) queueMicrotask(() => this.join());
      if (heals && !ack.ok) this.healRequested = true;
      if (!ack.ok) {
        this.fail(ack.error);
        // The server could not load the page just now (e.g. its database is away): try again.
        if (isRetryable(ack.error.code)) this.scheduleResync();
        return;
      }
      this.resync.reset();
      if (ack.maxUpdateBytes) this.maxUpdateBytes = ack.maxUpdateBytes;
      const update = toBytes(ack.update);
      const serverVector = toBytes(ack.stateVector);
      if (!update || !serverVector) return this.fail({ code: CollabErrorCode.Internal, message: 'Malformed handshake from the server.' });
      Y.applyUpdate(this.doc, update, this);
      this.setRole(ack.role, ack.canEdit);
      // Everything of ours the server holds is in the state up to `upTo` (perhaps re-sent by
      // another client after Redis lost our own entry): "saved" must wait for it.
      if (ack.upTo && streamIdAtLeast(ack.upTo, this.lastAckedId)) this.lastAckedId = ack.upTo;
      this.noteSaved(ack.savedUpTo);
      if (!this.synced) this.presence = ack.presence;
      this.emit('presence', [this.presence]);
      const missing = Y.encodeStateAsUpdate(this.doc, serverVector);
      // Updates made after this point are sent on their own; this answer covers all earlier ones,
      // the held ones included.
      const seq = this.localSeq;
      this.dropHeld();
      if (heals) this.healSeq = seq;
      if (hasContent(missing)) {
        if (this.canEdit) this.send(missing, seq, true);
      } else this.acked(seq, null, true);
      this.setSynced(true);
      this.sendLocalAwareness();
      // Structs still waiting for ones the answer did not bring (a retry that came while this join
      // was under way is not run again): look again later.
      if (this.doc.store.pendingStructs || this.doc.store.pendingDs) this.scheduleResync();
    });
  }

  // `coversEarlier`: the update is a handshake answer, holding every local change up to `seq`.
  // Otherwise it holds the local updates `firstSeq`..`seq` (several when held ones were merged).
  // Above the server's size limit it goes in pieces (a long offline session's diff); it counts as
  // acknowledged once every piece is, and as refused if any piece is.
  private send(update: Uint8Array, seq: number, coversEarlier = false, firstSeq = seq): void {
    const pieces = update.byteLength > this.maxUpdateBytes ? splitUpdate(update, this.maxUpdateBytes) : [update];
    let waiting = pieces.length;
    let lastId: string | null = null;
    let refused = false;
    const epoch = this.sendEpoch;
    this.inFlight += 1;
    // Acked or refused: held updates may go now.
    const settled = () => {
      if (epoch !== this.sendEpoch) return;
      this.inFlight -= 1;
      if (this.inFlight === 0) this.flushHeld();
    };
    for (const piece of pieces) {
      this.connection.sendUpdate(this.pageId, piece, (ack: UpdateAck) => {
        if (refused) return;
        if (ack.ok) {
          if (!lastId || streamIdAtLeast(ack.id, lastId)) lastId = ack.id;
          if (--waiting === 0) {
            this.acked(seq, lastId, coversEarlier);
            settled();
          }
          return;
        }
        refused = true;
        // A merged update is refused as a whole: every local update in it stays pending.
        if (this.refusedSeq === 0 || firstSeq < this.refusedSeq) this.refusedSeq = firstSeq;
        // A gap (an earlier update never arrived) is routine: the handshake below fills it.
        if (ack.error.code !== CollabErrorCode.UpdateGap) this.fail(ack.error);
        // Refused for now (rate, gap, not joined, outage): the next handshake re-sends what the server lacks.
        if (isRetryable(ack.error.code)) this.scheduleResync();
        settled();
      });
    }
  }

  // Hold a local update while one of ours is unacknowledged (see `held`), up to the size and delay
  // bounds.
  private hold(update: Uint8Array): void {
    if (this.heldFirstSeq === 0) this.heldFirstSeq = this.localSeq;
    this.held.push(update);
    this.heldBytes += update.byteLength;
    if (this.held.length >= HELD_GROUP) {
      this.heldGroups.push(Y.mergeUpdates(this.held));
      this.held = [];
    }
    if (this.heldBytes >= Math.min(this.holdBytes, this.maxUpdateBytes)) this.flushHeld();
    else this.holdTimer ??= setTimeout(() => {
      this.holdTimer = null;
      this.flushHeld();
    }, this.holdMs);
  }

  // Sends the held updates as one. Off the connection they are left to the next handshake.
  private flushHeld(): void {
    if (this.heldFirstSeq === 0) return;
    if (!this.synced || !this.connection.connected) return this.dropHeld();
    const parts = this.heldGroups.concat(this.held);
    const firstSeq = this.heldFirstSeq;
    this.dropHeld();
    this.send(parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts), this.localSeq, false, firstSeq);
  }

  // Held updates stay in the doc and in `pending`: the next handshake's answer carries them.
  private dropHeld(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.held = [];
    this.heldGroups = [];
    this.heldBytes = 0;
    this.heldFirstSeq = 0;
  }

  private acked(seq: number, id: string | null, coversEarlier: boolean): void {
    let upTo = seq;
    if (this.refusedSeq !== 0 && seq >= this.refusedSeq) {
      // A handshake answer holds every local change up to its seq, the refused one included;
      // a single later update does not.
      if (coversEarlier) this.refusedSeq = 0;
      else upTo = this.refusedSeq - 1;
    }
    if (upTo > this.ackedSeq) this.ackedSeq = upTo;
    if (id && streamIdAtLeast(id, this.lastAckedId)) this.lastAckedId = id;
    if (this.healing && coversEarlier && seq >= this.healSeq && !this.healRequested) this.healing = false;
    this.emit('pending', [this.pending]);
    this.updateSaved();
  }

  private noteSaved(upTo: string): void {
    if (streamIdAtLeast(upTo, this.savedUpTo)) this.savedUpTo = upTo;
    this.updateSaved();
  }

  private updateSaved(): void {
    const saved = !this.healing && this.pending === 0 && streamIdAtLeast(this.savedUpTo, this.lastAckedId);
    if (saved === this.saved) return;
    this.saved = saved;
    this.emit('saved', [saved]);
  }

  // Re-runs the handshake later, backing off while the server keeps refusing (reset on success).
  private scheduleResync(): void {
    this.resync.schedule(() => this.join());
  }

  private fail(error: CollabError): void {
    this.emit('error', [{ ...error, pageId: error.pageId ?? this.pageId }]);
  }

  private setStatus(status: ProviderStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', [status]);
  }

  private setSynced(synced: boolean): void {
    if (this.synced === synced) return;
    this.synced = synced;
    this.emit('synced', [synced]);
  }

  private setRole(role: CollabRole | null, canEdit: boolean): void {
    if (role === this.role && canEdit === this.canEdit) return;
    this.role = role;
    this.canEdit = canEdit;
    this.emit('role', [role, canEdit]);
  }

  private sendLocalAwareness(): void {
    if (!this.awareness || !this.synced || this.awareness.getLocalState() === null) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    this.connection.sendAwareness(this.pageId, update);
  }

  private dropRemoteAwareness(): void {
    if (!this.awareness) return;
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    if (others.length) awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
  }

  private readonly handleDocUpdate = (update: Uint8Array, origin: unknown): void => {
    // Remote updates and handshake answers are applied with this provider as origin: no echo.
    if (origin === this) return;
    this.localSeq += 1;
    this.emit('pending', [this.pending]);
    if (this.saved) {
      this.saved = false;
      this.emit('saved', [false]);
    }
    // Before the handshake completes, the handshake's answer will carry this update.
    if (!this.synced || !this.connection.connected) return;
    if (this.inFlight === 0 && this.heldFirstSeq === 0) this.send(update, this.localSeq);
    else this.hold(update);
  };

  private readonly handleAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === this || !this.synced || !this.connection.connected || !this.awareness) return;
    const changed = added.concat(updated, removed).filter((id) => id === this.doc.clientID);
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    this.connection.sendAwareness(this.pageId, update);
  };

  private readonly handlePageHide = (): void => {
    // The tab is going away: what is held goes now, not after an ack that may never be read.
    this.flushHeld();
    if (this.awareness) awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'window unload');
  };

  private readonly channel: PageChannel = {
    onConnect: () => {
      this.setStatus('connected');
      this.join();
    },
    onDisconnect: () => {
      this.joining = false;
      // Acks of what was sent are lost with the socket; held updates wait for the handshake.
      this.sendEpoch += 1;
      this.inFlight = 0;
      this.dropHeld();
      // A heal whose handshake the disconnect cut short runs again on reconnect.
      if (this.healing) this.healRequested = true;
      this.dropRemoteAwareness();
      this.setSynced(false);
      this.presence = [];
      this.emit('presence', [this.presence]);
      this.setStatus(this.active ? 'connecting' : 'disconnected');
    },
    onUpdate: (update) => {
      Y.applyUpdate(this.doc, update, this);
      // Structs waiting for ones we never got: a gap (e.g. an update broadcast while we joined).
      // Re-running the handshake fills it.
      if (this.doc.store.pendingStructs || this.doc.store.pendingDs) this.scheduleResync();
    },
    onAwareness: (update) => {
      if (this.awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this);
    },
    onSaved: (upTo) => this.noteSaved(upTo),
    onResync: () => {
      this.healing = true;
      this.healRequested = true;
      this.healSeq = Number.MAX_SAFE_INTEGER;
      this.updateSaved();
      // A join under way re-joins when it ends; a disconnected provider heals on reconnect.
      this.join();
    },
    onPresence: (event: PresenceEvent) => {
      if (event.joined) this.presence = this.presence.filter((p) => p.socketId !== event.joined!.socketId).concat(event.joined);
      if (event.left) this.presence = this.presence.filter((p) => p.socketId !== event.left);
      this.emit('presence', [this.presence]);
    },
    onAccess: (event: AccessEvent) => {
      this.setRole(event.role, event.canEdit);
      if (event.role === null) {
        this.setSynced(false);
        this.dropRemoteAwareness();
        this.fail({ code: CollabErrorCode.Forbidden, message: 'You no longer have access to this page.' });
      }
    },
    onError: (error) => this.fail(error),
  };
}

const DEFAULT_HOLD_MS = 50;
const DEFAULT_HOLD_BYTES = 64 * 1024;
// Held updates merged at a time (Y.mergeUpdates' cost per update grows with how many it merges).
const HELD_GROUP = 32;

interface PageHideTarget {
  addEventListener(type: 'pagehide', listener: () => void): void;
  removeEventListener(type: 'pagehide', listener: () => void): void;
}

// The browser window, if any (the provider also runs in Node, without DOM types).
function browserWindow(): PageHideTarget | undefined {
  return (globalThis as { window?: PageHideTarget }).window;
}

// An update that changes nothing encodes as [0, 0] (no structs, empty delete set).
function hasContent(update: Uint8Array): boolean {
  return !(update.byteLength === 2 && update[0] === 0 && update[1] === 0);
}
