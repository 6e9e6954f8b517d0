import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

// A decoded struct (Item, GC or Skip) as Y.decodeUpdate returns it: each can write itself.
interface Struct {
  id: { client: number; clock: number };
  length: number;
  constructor: { name: string };
  write(encoder: Y.UpdateEncoderV1, offset: number): void;
}

interface Section {
  client: number;
  structs: Struct[];
}

// Room for the headers around a piece's structs: client count, per-client struct count, client id,
// first clock, and the empty delete set.
const HEADER_BYTES = 32;

// Splits a Yjs (v1) update above `maxBytes` into updates that each fit, so a big offline diff is
// not refused whole (COLLAB_MAX_UPDATE_BYTES). Pieces keep every client id's structs in ascending
// clock and put the deletions last, so a server that refuses a struct starting past what it holds
// (update_gap, invariant 10) accepts them when they arrive in this order; each piece is a valid
// update on its own (peers that get a piece early hold it as pending until the rest arrives). One
// struct bigger than `maxBytes` (a single huge paste) stays one piece: it cannot be cut.
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update];
  const decoded = Y.decodeUpdate(update) as unknown as { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  const budget = Math.max(1, maxBytes - HEADER_BYTES);
  const pieces: Uint8Array[] = [];
  let piece: Section[] = [];
  let used = 0;
  const flush = () => {
    const sections = piece.map(trimSkips).filter((s) => s.structs.length > 0);
    if (sections.length > 0) pieces.push(encodePiece(sections, new Map()));
    piece = [];
    used = 0;
  };
  for (const struct of decoded.structs) {
    const size = structSize(struct);
    if (used > 0 && used + size > budget) flush();
    const last = piece.at(-1);
    if (last && last.client === struct.id.client) last.structs.push(struct);
    else piece.push({ client: struct.id.client, structs: [struct] });
    used += size + (last && last.client === struct.id.client ? 0 : 12);
  }
  flush();
  for (const ds of splitDeleteSet(decoded.ds.clients, budget)) pieces.push(encodePiece([], ds));
  return pieces;
}

function structSize(struct: Struct): number {
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, 0);
  return encoder.toUint8Array().byteLength;
}

// A section may not start or end with a Skip (a hole): the structs after it say where they start.
function trimSkips(section: Section): Section {
  const structs = [...section.structs];
  while (structs[0]?.constructor.name === 'Skip') structs.shift();
  while (structs.at(-1)?.constructor.name === 'Skip') structs.pop();
  return { client: section.client, structs };
}

// Delete ranges take at most ~10 bytes each (client, clock, length as varints).
function splitDeleteSet(clients: Map<number, { clock: number; len: number }[]>, budget: number): Map<number, { clock: number; len: number }[]>[] {
  const sets: Map<number, { clock: number; len: number }[]>[] = [];
  let current = new Map<number, { clock: number; len: number }[]>();
  let used = 0;
  for (const [client, ranges] of clients) {
    for (const range of ranges) {
      if (used + 24 > budget && current.size > 0) {
        sets.push(current);
        current = new Map();
        used = 0;
      }
      const list = current.get(client) ?? [];
      if (list.length === 0) used += 12;
      list.push(range);
      current.set(client, list);
      used += 12;
    }
  }
  if (current.size > 0) sets.push(current);
  return sets;
}

// The v1 update format: client sections (struct count, client, first clock, structs), then the
// delete set (client count; per client: id, range count, clock/length pairs).
function encodePiece(sections: Section[], deletes: Map<number, { clock: number; len: number }[]>): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, sections.length);
  for (const { client, structs } of sections) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, deletes.size);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}
