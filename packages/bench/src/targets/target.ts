import type { DatabaseCounters } from '../db.js';
import type { ClientSpec } from './clients.js';
import type * as Y from 'yjs';

// One connected client of a target: a Y.Doc kept in sync with one page through the target's own
// provider. `connect` resolves once the initial sync handshake is done.
export interface BenchClient {
  readonly doc: Y.Doc;
  close(): Promise<void>;
  // Resolves once the server has acknowledged every update this client sent (where it acks).
  acked?(): Promise<void>;
  // Update messages this client has put on the wire (where the target's client can count them).
  messagesSent?(): number;
}

// What a target can be asked beyond relaying updates. A relay with no document state (the floor)
// has no persistence and no join; those rows say "n/a" instead of a number.
export interface Target {
  readonly name: string;
  // Joins are served from a document (state handshake), not only relayed.
  readonly servesState: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  // Processes that are the target itself (CPU and RSS are theirs).
  serverPids(): number[];
  // Processes whose RSS is the per-connection cost (the ones holding sockets).
  socketPids(): number[];
  // A fresh page id this target accepts.
  newPage(): Promise<string>;
  connect(page: string, doc: Y.Doc): Promise<BenchClient>;
  // How a client on another thread connects as this target's clients do (W6's joiner), where the
  // target serves state.
  clientSpec?(): ClientSpec;
  // Puts these edits on the page as not yet persisted, faster than a client could send them (W6).
  // Without it, a client sends them.
  burst?(page: string, updates: readonly Uint8Array[]): Promise<void>;
  // Stops / restarts whatever persists the stream (Tandem's worker), so edits sent through the
  // server stay unpersisted (W6 through a writer: the worker down or behind).
  pauseSaving?(): Promise<void>;
  resumeSaving?(): void;
  persistence?: Persistence;
  // Entries in the page's update stream (Tandem's Redis stream), where the target has one.
  streamEntries?(page: string): Promise<number>;
}

// The stored side of a target: documents in Postgres.
export interface Persistence {
  // Store a page's state as if it had been saved earlier, so the next join loads it from Postgres.
  seed(page: string, state: Uint8Array): Promise<void>;
  // The persisted state vector of each page (pages never stored are absent).
  stateVectors(pages: readonly string[]): Promise<Map<string, Uint8Array>>;
  state(page: string): Promise<Uint8Array | null>;
  // Rows written and transactions committed in the bench database so far (Postgres' statistics).
  counters(): Promise<DatabaseCounters>;
}
