// The real-time collaboration protocol over Socket.IO (msgpack parser on both ends, so binary
// fields travel as raw bytes). Yjs updates, state vectors and awareness updates are always binary.
import { z } from 'zod';
import type { PageAccessRole } from './api/roles.js';
import { ErrorCode } from './errors.js';

// Every client and server must use socket.io-msgpack-parser; the namespace is the default one.
export const COLLAB_PATH = '/socket.io';

// Client -> server events (all carry an ack callback except `awareness:update` and `page:leave`).
export const ClientEvent = {
  // State-vector handshake, step 1: { pageId, stateVector } -> JoinAck.
  Join: 'page:join',
  Leave: 'page:leave',
  // A local Yjs update, or the handshake's step 3 (what the server lacks): { pageId, update } -> UpdateAck.
  Update: 'doc:update',
  Awareness: 'awareness:update',
  // Ask to be told when the workspace's page tree changes: { workspaceId } -> WatchAck.
  WatchWorkspace: 'workspace:watch',
  // Stop those events (the tab left the workspace): { workspaceId } -> WatchAck.
  UnwatchWorkspace: 'workspace:unwatch',
} as const;

// Server -> client events.
export const ServerEvent = {
  // Another client's update: { pageId, update }.
  Update: 'doc:update',
  Awareness: 'awareness:update',
  // Everything up to stream id `upTo` is in Postgres: { pageId, upTo }.
  Saved: 'doc:saved',
  // Who is in the page changed: { pageId, joined?: PresenceEntry, left?: socketId }.
  Presence: 'presence:update',
  // Access to a page changed: { pageId, role } (role null = removed from the page).
  Access: 'page:access',
  // A problem the client should know about outside of an ack (e.g. a refused awareness update).
  Error: 'collab:error',
  WorkspaceChanged: 'workspace:changed',
  // The server can no longer account for updates it acknowledged on this page (Redis lost data):
  // { pageId }. The client re-runs the handshake, which re-sends what the server lacks, and shows
  // "saved" again only once that answer is acknowledged and persisted.
  Resync: 'doc:resync',
  // The page's version history changed (a version saved, renamed or restored): { pageId, versionId }.
  // Open history panels refetch the list.
  VersionsChanged: 'doc:versions',
  // A comment thread of the page was opened, answered, edited, deleted, resolved or reopened:
  // { pageId, threadId }. Open comment panels refetch the threads.
  CommentsChanged: 'doc:comments',
  // Something arrived in (or was read from) this person's inbox: {}. Sent to every socket of the
  // user (a per-user room joined on connect); the inbox and its badge refetch.
  InboxChanged: 'inbox:changed',
} as const;

// The socket protocol's codes are the one ErrorCode set (errors.ts); this name is kept for the
// collaboration code that already spells it.
export const CollabErrorCode = ErrorCode;
export type CollabErrorCode = ErrorCode;

export interface CollabError {
  code: CollabErrorCode;
  message: string;
  pageId?: string;
}

// Defaults of the server's limits (each is configurable on the server; see .env.example).
export const COLLAB_DEFAULT_LIMITS = {
  maxUpdateBytes: 512 * 1024,
  maxDocumentBytes: 16 * 1024 * 1024,
  updatesPerSecond: 200,
  updateBurst: 400,
  maxPagesPerSocket: 100,
  maxAwarenessBytes: 16 * 1024,
} as const;

// msgpack delivers bytes as Buffer/Uint8Array (bin) or ArrayBuffer (a typed array's ext encoding,
// and browsers' decoding); both are accepted and handed on as Uint8Array.
const binary = z
  .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, { error: 'must be binary' })
  .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)));

// What clients put in a binary field: an ArrayBuffer holding exactly the bytes. notepack (the
// msgpack codec) encodes ArrayBuffers as binary everywhere, but in browsers it turns a Uint8Array
// into a map of numbers, and in Node it sends a typed array's whole underlying buffer, ignoring its
// offset and length. Copies only when the view does not span its buffer.
export function wireBytes(bytes: Uint8Array): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
}
const pageId = z.uuid({ error: 'must be a page id (uuid)' });

// `listed: false`: this socket syncs the page without being one of the people on it (a database
// loaded only to show a relation's titles and rollups): left out of the page's presence.
export const JoinPayload = z.object({ pageId, stateVector: binary, listed: z.boolean().optional() });
export type JoinPayload = z.infer<typeof JoinPayload>;
export const LeavePayload = z.object({ pageId });
export type LeavePayload = z.infer<typeof LeavePayload>;
export const UpdatePayload = z.object({ pageId, update: binary });
export type UpdatePayload = z.infer<typeof UpdatePayload>;
export const AwarenessPayload = z.object({ pageId, update: binary });
export type AwarenessPayload = z.infer<typeof AwarenessPayload>;
export const WatchWorkspacePayload = z.object({ workspaceId: z.uuid({ error: 'must be a workspace id (uuid)' }) });
export type WatchWorkspacePayload = z.infer<typeof WatchWorkspacePayload>;

export interface PresenceEntry {
  socketId: string;
  kind: 'user' | 'link';
  userId: string | null;
  name: string;
}

// A socket's role on a page is the page access role the REST API reports.
export type CollabRole = PageAccessRole;

export type JoinAck =
  | {
      ok: true;
      // Exactly what the client lacks, and the server's state vector (the client answers with a
      // doc:update carrying what the server lacks).
      update: Uint8Array;
      stateVector: Uint8Array;
      role: CollabRole;
      canEdit: boolean;
      // Stream id up to which the page is in Postgres ("0-0" if never persisted).
      savedUpTo: string;
      // Stream id up to which the answered state goes (every entry up to it is in it): once
      // "saved" reaches it, everything the server had at this handshake is in Postgres.
      upTo: string;
      presence: PresenceEntry[];
      // The server's COLLAB_MAX_UPDATE_BYTES: a client splits anything bigger into pieces that fit.
      maxUpdateBytes?: number;
    }
  | { ok: false; error: CollabError };

// `id` is the Redis stream id of the update: durable outside the server from now on.
export type UpdateAck = { ok: true; id: string } | { ok: false; error: CollabError };
export type LeaveAck = { ok: true } | { ok: false; error: CollabError };
export type WatchAck = { ok: true } | { ok: false; error: CollabError };

export interface RemoteUpdateEvent { pageId: string; update: Uint8Array }
export interface RemoteAwarenessEvent { pageId: string; update: Uint8Array }
export interface SavedEvent { pageId: string; upTo: string }
export interface ResyncEvent { pageId: string }
export interface PresenceEvent { pageId: string; joined?: PresenceEntry; left?: string }
export interface AccessEvent { pageId: string; role: CollabRole | null; canEdit: boolean }
export interface WorkspaceChangedEvent { workspaceId: string }

// ServerEvent.VersionsChanged: a version of a joined page was saved, renamed or restored.
export interface VersionsChangedEvent { pageId: string; versionId: string }

// ServerEvent.CommentsChanged: a thread of a joined page changed.
export interface CommentsChangedEvent { pageId: string; threadId: string }

// Redis stream ids ("<ms>-<seq>") compared numerically: true if a is at or after b.
export function streamIdAtLeast(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am > bm || (am === bm && as >= bs);
}
