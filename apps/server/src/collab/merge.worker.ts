import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { applyBatch, diffState, encodeMerged, unpackParts } from './merge-updates.js';
import { warmUpMerges } from './merge-warmup.js';

// A merge thread of UpdateMerger: page merges and big diffs run here, off the gateway's event loop.
// A merge is a session: `begin`, any number of `add` (parts applied into the session's Y.Doc as
// they arrive, while the gateway still reads the next ones), then `end` (the state) or `drop`.
export type MergeTask =
  | { id: number; kind: 'begin' }
  | { id: number; kind: 'add'; bytes: Uint8Array; lengths: number[] }
  | { id: number; kind: 'end' }
  | { id: number; kind: 'drop' }
  | { id: number; kind: 'diff'; state: Uint8Array; stateVector: Uint8Array };

export type MergeReply =
  | { id: number; ok: true; state?: Uint8Array; stateVector?: Uint8Array; update?: Uint8Array }
  | { id: number; ok: false; message: string };

// Below the gateway's own thread: when the cores are busy, a merge waits rather than the other
// sockets' updates (on Linux a thread's nice value is its own). Best effort.
try {
  setPriority(Math.min(19, getPriority() + 5));
} catch {
  // Not permitted here: merges run at the process' priority.
}

// What UpdateMerger tells a thread it starts.
export interface MergeThreadData {
  warmUp: boolean;
}

// Before the first task is read: a join that arrives meanwhile waits for it (once per thread).
if ((workerData as MergeThreadData | null)?.warmUp !== false) warmUpMerges();

const sessions = new Map<number, { doc: Y.Doc; error: string | null }>();

function reply(message: MergeReply, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

parentPort!.on('message', (task: MergeTask) => {
  switch (task.kind) {
    case 'begin':
      sessions.set(task.id, { doc: new Y.Doc(), error: null });
      return;
    case 'add': {
      const session = sessions.get(task.id);
      if (!session || session.error) return;
      try {
        applyBatch(session.doc, unpackParts(task.bytes, task.lengths));
      } catch (err) {
        session.error = (err as Error).message;
      }
      return;
    }
    case 'end': {
      const session = sessions.get(task.id);
      sessions.delete(task.id);
      if (!session) return reply({ id: task.id, ok: false, message: 'unknown merge' });
      try {
        if (session.error) return reply({ id: task.id, ok: false, message: session.error });
        const { state, stateVector } = encodeMerged(session.doc);
        return reply({ id: task.id, ok: true, state, stateVector }, [state.buffer as ArrayBuffer, stateVector.buffer as ArrayBuffer]);
      } finally {
        session.doc.destroy();
      }
    }
    case 'drop':
      sessions.get(task.id)?.doc.destroy();
      sessions.delete(task.id);
      return;
    case 'diff':
      try {
        const update = diffState(task.state, task.stateVector);
        return reply({ id: task.id, ok: true, update }, [update.buffer as ArrayBuffer]);
      } catch (err) {
        return reply({ id: task.id, ok: false, message: (err as Error).message });
      }
  }
});
