import {
  ClientEvent,
  CollabErrorCode,
  type CollabError,
  type JoinAck,
  ServerEvent,
  type UpdateAck,
  wireBytes,
  type AccessEvent,
  type PresenceEvent,
  type SavedEvent,
  type VersionsChangedEvent,
  type CommentsChangedEvent,
  type WorkspaceChangedEvent,
} from '@tandem/protocol';
import { ObservableV2 } from 'lib0/observable';
import { io, type Socket } from 'socket.io-client';
import * as msgpackParser from 'socket.io-msgpack-parser';
import { Backoff } from './backoff.js';

export type TokenSource = string | (() => string | Promise<string>);

export interface CollabConnectionOptions {
  // The server's base URL, e.g. http://localhost:4000.
  url: string;
  // A socket token (POST /auth/socket-token) or a function returning a fresh one; a function is
  // called again on every reconnect, since tokens are short-lived.
  token: TokenSource;
  // Connect immediately (default true).
  connect?: boolean;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

// What a page's provider receives from the connection it shares with other pages.
export interface PageChannel {
  onConnect(): void;
  onDisconnect(): void;
  onUpdate(update: Uint8Array): void;
  onAwareness(update: Uint8Array): void;
  onSaved(upTo: string): void;
  // The server lost updates it had acknowledged: re-run the handshake.
  onResync(): void;
  onPresence(event: PresenceEvent): void;
  onAccess(event: AccessEvent): void;
  onError(error: CollabError): void;
}

interface ConnectionEvents {
  status: (status: ConnectionStatus) => void;
  error: (error: CollabError) => void;
  'workspace-changed': (workspaceId: string) => void;
  // The version history of a page this connection has joined changed (history panels refetch).
  'versions-changed': (pageId: string) => void;
  // A comment thread of a page this connection has joined changed (comment panels refetch).
  'comments-changed': (pageId: string, threadId: string) => void;
  // The signed-in person's inbox changed (a notification arrived, or was read in another tab).
  'inbox-changed': () => void;
}

// Binary fields arrive as Buffer in Node and ArrayBuffer in browsers; Yjs wants Uint8Array.
export function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return null;
}

// One Socket.IO connection that carries any number of pages (each a CollabProvider) plus
// workspace watches. Socket.IO owns reconnection; this class only routes events by page id.
export class CollabConnection extends ObservableV2<ConnectionEvents> {
  readonly socket: Socket;
  private readonly pages = new Map<string, PageChannel>();
  private readonly watched = new Set<string>();
  private readonly reconnect = new Backoff();
  status: ConnectionStatus = 'disconnected';

  constructor(options: CollabConnectionOptions) {
    super();
    const token = options.token;
    this.socket = io(options.url, {
      // Every client must use the server's parser (one frame per binary event).
      parser: msgpackParser,
      transports: ['websocket'],
      autoConnect: false,
      auth: (cb) => {
        Promise.resolve(typeof token === 'function' ? token() : token).then(
          (value) => cb({ token: value }),
          () => cb({ token: '' }),
        );
      },
    });
    this.socket.on('connect', this.handleConnect);
    this.socket.on('disconnect', this.handleDisconnect);
    this.socket.on('connect_error', this.handleConnectError);
    this.socket.on(ServerEvent.Update, this.handleUpdate);
    this.socket.on(ServerEvent.Awareness, this.handleAwareness);
    this.socket.on(ServerEvent.Saved, this.handleSaved);
    this.socket.on(ServerEvent.Resync, this.handleResync);
    this.socket.on(ServerEvent.Presence, this.handlePresence);
    this.socket.on(ServerEvent.Access, this.handleAccess);
    this.socket.on(ServerEvent.Error, this.handleError);
    this.socket.on(ServerEvent.WorkspaceChanged, this.handleWorkspaceChanged);
    this.socket.on(ServerEvent.VersionsChanged, this.handleVersionsChanged);
    this.socket.on(ServerEvent.CommentsChanged, this.handleCommentsChanged);
    this.socket.on(ServerEvent.InboxChanged, this.handleInboxChanged);
    if (options.connect !== false) this.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  connect(): void {
    if (this.socket.connected || this.socket.active) return;
    this.setStatus('connecting');
    this.socket.connect();
  }

  disconnect(): void {
    this.reconnect.cancel();
    this.socket.disconnect();
    this.setStatus('disconnected');
  }

  // Ask for `workspace-changed` events (the page tree changed; refetch it). Kept across reconnects.
  watchWorkspace(workspaceId: string): void {
    this.watched.add(workspaceId);
    if (this.socket.connected) this.sendWatch(workspaceId);
  }

  // Stop `workspace-changed` events for this workspace (e.g. the tab switched to another one).
  unwatchWorkspace(workspaceId: string): void {
    if (!this.watched.delete(workspaceId)) return;
    if (this.socket.connected) this.socket.emit(ClientEvent.UnwatchWorkspace, { workspaceId }, () => undefined);
  }

  // The page events a provider sends. Every emit of this package goes through this class, so the
  // wire format (event names, binary fields as exact ArrayBuffers) is decided in one place.
  join(pageId: string, stateVector: Uint8Array, listed: boolean, ack: (ack: JoinAck) => void): void {
    this.socket.emit(ClientEvent.Join, { pageId, stateVector: wireBytes(stateVector), ...(listed ? {} : { listed }) }, ack);
  }

  leave(pageId: string): void {
    if (this.socket.connected) this.socket.emit(ClientEvent.Leave, { pageId }, () => undefined);
  }

  sendUpdate(pageId: string, update: Uint8Array, ack: (ack: UpdateAck) => void): void {
    this.socket.emit(ClientEvent.Update, { pageId, update: wireBytes(update) }, ack);
  }

  sendAwareness(pageId: string, update: Uint8Array): void {
    this.socket.emit(ClientEvent.Awareness, { pageId, update: wireBytes(update) });
  }

  attach(pageId: string, channel: PageChannel): void {
    if (this.pages.has(pageId)) throw new Error(`Page ${pageId} already has a provider on this connection.`);
    this.pages.set(pageId, channel);
  }

  detach(pageId: string): void {
    this.pages.delete(pageId);
  }

  get pageCount(): number {
    return this.pages.size;
  }

  override destroy(): void {
    this.reconnect.cancel();
    this.socket.off();
    this.socket.disconnect();
    this.pages.clear();
    this.watched.clear();
    super.destroy();
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', [status]);
  }

  private sendWatch(workspaceId: string): void {
    this.socket.emit(ClientEvent.WatchWorkspace, { workspaceId }, (ack: { ok: boolean; error?: CollabError }) => {
      if (!ack.ok && ack.error) this.emit('error', [ack.error]);
    });
  }


  private readonly handleConnect = (): void => {
    this.reconnect.reset();
    this.setStatus('connected');
    for (const workspaceId of this.watched) this.sendWatch(workspaceId);
    for (const page of this.pages.values()) page.onConnect();
  };

  private readonly handleDisconnect = (): void => {
    // Socket.IO reconnects by itself unless we (or the server) closed the socket on purpose.
    this.setStatus(this.socket.active ? 'connecting' : 'disconnected');
    for (const page of this.pages.values()) page.onDisconnect();
  };

  private readonly handleConnectError = (err: Error & { data?: { code?: string; message?: string } }): void => {
    const code = err.data?.code as CollabErrorCode | undefined;
    const error: CollabError = { code: code ?? CollabErrorCode.ServiceUnavailable, message: err.data?.message ?? err.message };
    // Socket.IO stops reconnecting when the server refuses the handshake. If it refused only
    // because it could not check the token just then (its database away), keep trying, backing off.
    const retry = !this.socket.active && error.code === CollabErrorCode.ServiceUnavailable;
    if (retry) this.reconnect.schedule(() => this.socket.connect());
    this.setStatus(this.socket.active || retry ? 'connecting' : 'disconnected');
    this.emit('error', [error]);
    for (const page of this.pages.values()) page.onError(error);
  };

  private readonly handleUpdate = (event: { pageId?: unknown; update?: unknown }): void => {
    const update = toBytes(event?.update);
    if (typeof event?.pageId === 'string' && update) this.pages.get(event.pageId)?.onUpdate(update);
  };

  private readonly handleAwareness = (event: { pageId?: unknown; update?: unknown }): void => {
    const update = toBytes(event?.update);
    if (typeof event?.pageId === 'string' && update) this.pages.get(event.pageId)?.onAwareness(update);
  };

  private readonly handleSaved = (event: SavedEvent): void => {
    this.pages.get(event?.pageId)?.onSaved(event.upTo);
  };

  private readonly handleResync = (event: { pageId?: unknown }): void => {
    if (typeof event?.pageId === 'string') this.pages.get(event.pageId)?.onResync();
  };

  private readonly handlePresence = (event: PresenceEvent): void => {
    this.pages.get(event?.pageId)?.onPresence(event);
  };

  private readonly handleAccess = (event: AccessEvent): void => {
    this.pages.get(event?.pageId)?.onAccess(event);
  };

  private readonly handleError = (error: CollabError): void => {
    const page = error?.pageId ? this.pages.get(error.pageId) : undefined;
    if (page) page.onError(error);
    else this.emit('error', [error]);
  };

  private readonly handleWorkspaceChanged = (event: WorkspaceChangedEvent): void => {
    this.emit('workspace-changed', [event.workspaceId]);
  };

  private readonly handleVersionsChanged = (event: VersionsChangedEvent): void => {
    this.emit('versions-changed', [event.pageId]);
  };

  private readonly handleInboxChanged = (): void => {
    this.emit('inbox-changed', []);
  };

  private readonly handleCommentsChanged = (event: CommentsChangedEvent): void => {
    if (typeof event?.pageId !== 'string' || typeof event.threadId !== 'string') return;
    this.emit('comments-changed', [event.pageId, event.threadId]);
  };
}
