import * as Y from 'yjs';
import { concatUpdates } from './concat-updates.js';

// One page's merge, the same in the merge threads and inline (unit specs): apply the row's state and
// the stream entries after it into a Y.Doc in one transaction, runs of one typist's updates joined
// into one first (concat-updates.ts). Linear in the updates, unlike Y.mergeUpdates over many parts
// (superlinear, yjs#710; invariant 11). Structs still waiting for ones the parts lack stay in the
// encoded state (Yjs encodes pending structs too), so nothing is dropped; the state vector is what
// the doc has integrated.
export interface MergeResult {
  state: Uint8Array;
  stateVector: Uint8Array;
}

export function mergeIntoDoc(parts: readonly Uint8Array[]): MergeResult {
  const doc = new Y.Doc();
  try {
    applyBatch(doc, parts);
    return encodeMerged(doc);
  } finally {
    doc.destroy();
  }
}

// One batch of a merge (a thread's session applies each batch as it is read), in one transaction.
export function applyBatch(doc: Y.Doc, parts: readonly Uint8Array[]): void {
  const joined = concatUpdates(parts);
  doc.transact(() => {
    for (const part of joined) Y.applyUpdate(doc, part);
  });
}

export function encodeMerged(doc: Y.Doc): MergeResult {
  return { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) };
}

// What a client with `stateVector` lacks of `state`.
export function diffState(state: Uint8Array, stateVector: Uint8Array): Uint8Array {
  return Y.diffUpdate(state, stateVector);
}

// The parts travel to a thread as one transferred buffer plus their lengths (no per-part copy).
export function packParts(parts: readonly Uint8Array[]): { bytes: Uint8Array; lengths: number[] } {
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const bytes = new Uint8Array(total);
  const lengths: number[] = [];
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.byteLength;
    lengths.push(p.byteLength);
  }
  return { bytes, lengths };
}

export function unpackParts(bytes: Uint8Array, lengths: readonly number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const n of lengths) {
    parts.push(bytes.subarray(at, at + n));
    at += n;
  }
  return parts;
}
