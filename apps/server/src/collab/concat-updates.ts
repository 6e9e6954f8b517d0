import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

// Yjs applies an update with a fixed overhead (a decoder, a struct-refs map, a nested transaction,
// a delete set): 40,000 one-character updates cost 10–50× what the same edits cost as one update.
// A cold join's stream is mostly one typist's updates, each continuing where the previous one
// ended, so runs of them are joined here into one V1 update in one linear pass, without Yjs'
// general merge (Y.mergeUpdates is superlinear, invariant 11) and without re-encoding a struct:
// in V1 a struct's clock is implied by its position in its client block, so the structs' bytes
// are copied as they came under one block header, followed by the union of the run's delete sets.
//
// Joining is exact inside one transaction (the merge applies a batch in one): YATA's integration
// does not read the deleted flag, and a struct integrated into a parent deleted later in the same
// transaction is deleted with the parent instead of on arrival. Anything this reader does not
// fully understand goes to Yjs as it came and ends the run, so Yjs stays the judge of odd input.
// The reader follows Yjs 13's own (readClientsStructRefs, readItemContent, readDeleteSet).

// One update that may join a run: its one client block (none for a delete-only update) and
// delete set. `deletes` holds (client, clock, len) triples.
interface Joinable {
  bytes: Uint8Array;
  client: number;
  firstClock: number;
  endClock: number;
  structs: number;
  structsStart: number;
  structsEnd: number;
  deletes: readonly number[];
}

const BITS5 = 31;
const BIT6 = 32; // parentSub follows (when parent info is written)
const BIT7 = 64; // right origin follows
const BIT8 = 128; // origin follows
const SKIP = 10;
const CONTENT_DOC = 9;
const XML_ELEMENT = 3;
const XML_HOOK = 5;
const LAST_TYPE_REF = 6;
const NO_DELETES: readonly number[] = [];

// Joins runs of updates; every other update is returned as it came, in order. Applying the
// result in one transaction gives the same document as applying `parts` in one transaction.
export function concatUpdates(parts: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let run: Joinable[] = [];
  let runStructs = 0;
  let runClient = 0;
  let runNextClock = 0;
  const flush = (): void => {
    if (run.length === 1) out.push(run[0]!.bytes);
    else if (run.length > 1) out.push(joinRun(run, runStructs));
    run = [];
    runStructs = 0;
  };
  for (const part of parts) {
    const u = readJoinable(part);
    if (u === null) {
      flush();
      out.push(part);
      continue;
    }
    if (u.structs > 0) {
      // Another client, a duplicate or a gap: Yjs must see where the clocks do not continue.
      if (runStructs > 0 && (u.client !== runClient || u.firstClock !== runNextClock)) flush();
      runClient = u.client;
      runNextClock = u.endClock;
      runStructs += u.structs;
    }
    run.push(u);
  }
  flush();
  return out;
}

function joinRun(run: readonly Joinable[], structs: number): Uint8Array {
  const head = encoding.createEncoder();
  const first = run.find((u) => u.structs > 0);
  let structBytes = 0;
  if (first) {
    encoding.writeVarUint(head, 1);
    encoding.writeVarUint(head, structs);
    encoding.writeVarUint(head, first.client);
    encoding.writeVarUint(head, first.firstClock);
    for (const u of run) structBytes += u.structsEnd - u.structsStart;
  } else {
    encoding.writeVarUint(head, 0);
  }
  const tail = encoding.createEncoder();
  writeDeleteSet(tail, run);
  const headBytes = encoding.toUint8Array(head);
  const tailBytes = encoding.toUint8Array(tail);
  // One allocation; a typed struct is a few bytes, copied by hand rather than through a view each.
  const out = new Uint8Array(headBytes.length + structBytes + tailBytes.length);
  out.set(headBytes, 0);
  let at = headBytes.length;
  for (const u of run) {
    const bytes = u.bytes;
    for (let i = u.structsStart; i < u.structsEnd; i++) out[at++] = bytes[i]!;
  }
  out.set(tailBytes, at);
  return out;
}

// The union of the run's delete sets, as Yjs writes one: clients in descending order, each one's
// ranges sorted by clock and merged where they touch or overlap (readAndApplyDeleteSet expects
// them sorted).
function writeDeleteSet(enc: encoding.Encoder, run: readonly Joinable[]): void {
  const byClient = new Map<number, number[]>();
  for (const u of run) {
    const d = u.deletes;
    for (let i = 0; i < d.length; i += 3) {
      let ranges = byClient.get(d[i]!);
      if (!ranges) byClient.set(d[i]!, (ranges = []));
      ranges.push(d[i + 1]!, d[i + 2]!);
    }
  }
  const clients = [...byClient.keys()].sort((a, b) => b - a);
  encoding.writeVarUint(enc, clients.length);
  for (const client of clients) {
    const merged = sortAndMerge(byClient.get(client)!);
    encoding.writeVarUint(enc, client);
    encoding.writeVarUint(enc, merged.length / 2);
    for (const n of merged) encoding.writeVarUint(enc, n);
  }
}

// (clock, len) pairs, sorted by clock; a range that starts within or right after the previous one
// extends it (Yjs' sortAndMergeDeleteSet).
function sortAndMerge(flat: readonly number[]): number[] {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) ranges.push([flat[i]!, flat[i + 1]!]);
  ranges.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [clock, len] of ranges) {
    const last = out.length - 2;
    if (last >= 0 && out[last]! + out[last + 1]! >= clock) {
      out[last + 1] = Math.max(out[last + 1]!, clock + len - out[last]!);
    } else {
      out.push(clock, len);
    }
  }
  return out;
}

// The update's one client block and delete set, or null when it cannot join a run: several
// client blocks, Skip or subdocument structs, an unknown content or type ref, or bytes that do not
// read as V1 exactly to their end (V2, garbage; Yjs reports those when it applies them).
function readJoinable(bytes: Uint8Array): Joinable | null {
  const d = decoder;
  d.arr = bytes;
  d.pos = 0;
  try {
    const blocks = decoding.readVarUint(d);
    if (blocks > 1) return null;
    let client = 0;
    let firstClock = 0;
    let clock = 0;
    let structs = 0;
    let structsStart = d.pos;
    if (blocks === 1) {
      structs = decoding.readVarUint(d);
      if (structs === 0) return null;
      client = decoding.readVarUint(d);
      firstClock = clock = decoding.readVarUint(d);
      structsStart = d.pos;
      for (let i = 0; i < structs; i++) {
        const length = readStruct(d);
        if (length < 0) return null;
        clock += length;
      }
    }
    const structsEnd = d.pos;
    const deletes = readDeleteSet(d);
    if (d.pos !== bytes.length) return null;
    return { bytes, client, firstClock, endClock: clock, structs, structsStart, structsEnd, deletes };
  } catch {
    // lib0 throws past the end of the bytes or on invalid UTF-8, as Yjs' reader would.
    return null;
  }
}

// One decoder for every update read (a cold join reads 40,000): lib0's readers, no allocation each.
const decoder: decoding.Decoder<ArrayBufferLike> = decoding.createDecoder(new Uint8Array(0));

// One struct (readClientsStructRefs); its length in clock units, or -1 when it may not join.
function readStruct(d: decoding.Decoder): number {
  if (d.pos >= d.arr.length) throw new RangeError('Unexpected end of update');
  const info = decoding.readUint8(d);
  const ref = info & BITS5;
  if (ref === 0) return decoding.readVarUint(d); // GC: only a length
  if (ref === SKIP || ref === CONTENT_DOC || ref > SKIP) return -1;
  if ((info & BIT8) !== 0) skipId(d); // origin
  if ((info & BIT7) !== 0) skipId(d); // right origin
  if ((info & (BIT7 | BIT8)) === 0) {
    // Neither origin: the parent is written, a root type's name or an item's id, then the key.
    if (decoding.readVarUint(d) === 1) skipString(d);
    else skipId(d);
    if ((info & BIT6) !== 0) skipString(d);
  }
  return readContentLength(d, ref);
}

// readItemContent: the content's length in clock units (getLength of each content class).
function readContentLength(d: decoding.Decoder, ref: number): number {
  switch (ref) {
    case 1: // Deleted
      return decoding.readVarUint(d);
    case 2: {
      // JSON: Yjs parses each entry ('undefined' stands for undefined).
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) {
        const s = decoding.readVarString(d);
        if (s !== 'undefined') JSON.parse(s);
      }
      return n;
    }
    case 3: // Binary
      decoding.readVarUint8Array(d);
      return 1;
    case 4: // String: its length in UTF-16 code units, as Yjs counts it
      return stringLength(d);
    case 5: // Embed
      JSON.parse(decoding.readVarString(d));
      return 1;
    case 6: // Format: key, JSON value
      skipString(d);
      JSON.parse(decoding.readVarString(d));
      return 1;
    case 7: {
      // Type: a type ref, and an XML element's or hook's name
      const typeRef = decoding.readVarUint(d);
      if (typeRef > LAST_TYPE_REF) return -1;
      if (typeRef === XML_ELEMENT || typeRef === XML_HOOK) skipString(d);
      return 1;
    }
    case 8: {
      // Any
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) decoding.readAny(d);
      return n;
    }
    default:
      return -1;
  }
}

// readDeleteSet: (client, clock, len) triples.
function readDeleteSet(d: decoding.Decoder): readonly number[] {
  const clients = decoding.readVarUint(d);
  if (clients === 0) return NO_DELETES; // most updates: nothing to allocate
  const deletes: number[] = [];
  for (let i = 0; i < clients; i++) {
    const client = decoding.readVarUint(d);
    const n = decoding.readVarUint(d);
    for (let j = 0; j < n; j++) deletes.push(client, decoding.readVarUint(d), decoding.readVarUint(d));
  }
  return deletes;
}

function skipId(d: decoding.Decoder): void {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
}

// A string Yjs reads with lib0's (fatal) UTF-8 decoder: ASCII is skipped, anything else decoded
// so that invalid UTF-8 ends the run here as it would fail in Yjs.
function skipString(d: decoding.Decoder): void {
  stringLength(d);
}

function stringLength(d: decoding.Decoder): number {
  const start = d.pos;
  const n = decoding.readVarUint(d);
  const end = d.pos + n;
  if (end > d.arr.length) throw new RangeError('Unexpected end of update');
  const arr = d.arr;
  for (let i = d.pos; i < end; i++) {
    if (arr[i]! >= 0x80) {
      d.pos = start;
      return decoding.readVarString(d).length;
    }
  }
  d.pos = end;
  return n;
}
