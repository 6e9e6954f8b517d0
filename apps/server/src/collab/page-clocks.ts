import * as Y from 'yjs';

// What one update holds, per client id: where its structs start and end, and its delete ranges.
export interface UpdateShape {
  // client id -> runs of [first clock, end clock) of its structs, ascending (Skips left out).
  structs: Map<number, [number, number][]>;
  deletes: Map<number, [number, number][]>;
  // Whether it inserts anything that stays: an Item with content its own delete set does not
  // remove. An update that adds nothing can only shrink the page (after garbage collection).
  addsContent: boolean;
}

interface DecodedStruct {
  id: { client: number; clock: number };
  length: number;
  constructor: { name: string };
  content?: { constructor: { name: string } };
}

export function updateShape(decoded: { structs: unknown[]; ds: { clients: Map<number, { clock: number; len: number }[]> } }): UpdateShape {
  const structs = new Map<number, [number, number][]>();
  for (const s of decoded.structs as DecodedStruct[]) {
    // A Skip marks a hole inside the update; the structs after it say where they start.
    if (s.constructor.name === 'Skip') continue;
    const runs = structs.get(s.id.client) ?? [];
    const last = runs.at(-1);
    if (last && last[1] === s.id.clock) last[1] += s.length;
    else runs.push([s.id.clock, s.id.clock + s.length]);
    structs.set(s.id.client, runs);
  }
  const deletes = new Map<number, [number, number][]>();
  for (const [client, items] of decoded.ds.clients) deletes.set(client, items.map((d) => [d.clock, d.clock + d.len]));
  const addsContent = (decoded.structs as DecodedStruct[]).some(
    (s) => s.constructor.name === 'Item' && s.content?.constructor.name !== 'ContentDeleted' && !covered(deletes.get(s.id.client), s.id.clock, s.id.clock + s.length),
  );
  return { structs, deletes, addsContent };
}

function covered(ranges: [number, number][] | undefined, from: number, to: number): boolean {
  let at = from;
  for (const [start, end] of ranges ?? []) {
    if (start <= at && end > at) at = end;
    if (at >= to) return true;
  }
  return at >= to;
}

// The page's known clock per client id on this instance (invariant 10): from the last loaded state,
// stream entries read since, and the updates this instance let through. An update whose structs or
// deletes start beyond it claims a range nobody has written yet, and peers and the worker would
// hold it as pending forever, dropping that client's real edits that land in it.
export class PageClocks {
  private readonly known = new Map<number, number>();
  // Every stream entry up to this id is counted.
  cursor = '0-0';

  absorbStateVector(stateVector: Uint8Array, cursor: string, newer: (a: string, b: string) => boolean): void {
    for (const [client, clock] of Y.decodeStateVector(stateVector)) this.raise(client, clock);
    if (newer(cursor, this.cursor)) this.cursor = cursor;
  }

  // A stored entry (already admitted by some instance): its ranges become known.
  absorbEntry(update: Uint8Array): void {
    try {
      for (const [client, clock] of Y.parseUpdateMeta(update).to) this.raise(client, clock);
    } catch {
      // Not a Yjs update: it was never admitted, so it adds nothing.
    }
  }

  // The first client id whose structs or deletes start past what is known (after the update's own
  // earlier structs), or null. Structs the page already has are re-sends: harmless.
  gap(shape: UpdateShape): number | null {
    const after = new Map<number, number>();
    for (const [client, runs] of shape.structs) {
      let end = this.clock(client);
      for (const [from, to] of runs) {
        if (from > end) return client;
        end = Math.max(end, to);
      }
      after.set(client, end);
    }
    for (const [client, ranges] of shape.deletes) {
      const end = after.get(client) ?? this.clock(client);
      for (const [, to] of ranges) if (to > end) return client;
    }
    return null;
  }

  // Client ids the update writes new structs for (beyond what is known).
  introduced(shape: UpdateShape): number[] {
    const ids: number[] = [];
    for (const [client, runs] of shape.structs) if (runs.some(([, to]) => to > this.clock(client))) ids.push(client);
    return ids;
  }

  note(shape: UpdateShape): void {
    for (const [client, runs] of shape.structs) for (const [, to] of runs) this.raise(client, to);
  }

  clock(client: number): number {
    return this.known.get(client) ?? 0;
  }

  private raise(client: number, clock: number): void {
    if (clock > (this.known.get(client) ?? 0)) this.known.set(client, clock);
  }
}
